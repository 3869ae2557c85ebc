// SqliteStore, the class behind open_sqlite_store(). Private to store/sqlite: its methods are
// split over sqlite_store.cpp (users, sessions, chats, health), sqlite_messages.cpp
// (messages, statuses, pins), sqlite_outbox.cpp (the outbox), sqlite_accounts.cpp (account
// checks), sqlite_directory.cpp (the user directory) and sqlite_jobs.cpp (the job queue,
// store/job_store.hpp). Reads lease a connection from readers_; writes are closures submitted
// to writer_ and run on the writer thread, capturing the caller's arguments by reference (the
// caller blocks until its closure has run and committed).
#pragma once

#include "store/append_collector.hpp"
#include "store/exports.hpp"
#include "store/job_store.hpp"
#include "store/moderation.hpp"
#include "store/schedules.hpp"
#include "store/settings.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/search_indexer.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"
#include "store/templates.hpp"

#include <functional>
#include <memory>
#include <string>

namespace parley::store::sqlite {

// Helpers shared by the source files, usable on any connection.
Result<Chat> load_chat(Connection& db, std::string_view id);  // with participants
Result<void> load_participants(Connection& db, Chat& chat);   // the first kMaxListedParticipants
Result<void> chat_exists(Connection& db, std::string_view id);
Result<bool> user_exists(Connection& db, std::string_view id);        // sqlite_privacy.cpp
Result<void> insert_audit(Connection& db, const AuditEntry& a);       // one audit line; sqlite_moderation.cpp
Result<void> insert_event(Connection& db, const OutboxEvent& event);  // one outbox row
// Stores one message (or finds its earlier copy) with its status rows and, with the outbox,
// its events; the caller's savepoint undoes a failure. sqlite_messages.cpp.
Result<Appended> insert_message(Connection& db, const NewMessage& m, bool outbox);
// A group's floors (delivered, read) recomputed from its members' watermarks. sqlite_groups.cpp.
Result<std::pair<std::int64_t, std::int64_t>> update_floors(Connection& db, std::string_view chat_id);
// A message in a group raises its sender's watermarks to its seq, and the floors with them.
// The columns read_message() expects, in its order. A macro only to splice a constant into
// the files' string literals at compile time; values are always bound.
#define PARLEY_SQLITE_MESSAGE_COLUMNS                                                                   \
  "id, chat_id, sender_id, content, seq, created_at, client_message_id, status, pinned_at, "            \
  "pinned_by, forwarded_from_id, original_sender_id, kind, system, edited_at, edit_count, deleted_at, " \
  "deleted_by, change_seq, reply_to_id, quote, thread_root_id, also_to_chat, thread_count, "            \
  "thread_last_at, thread_participants, reactions, attachments, mentions"
// How many they are: a query's next column after them.
inline constexpr int kMessageColumns = 29;

// Messages as stored (sqlite_messages.cpp): a row of the message columns, one message by id,
// every row of a query, the chat's messages changed after a change_seq (by change_seq).
Message read_message(const Query& q);
Result<Message> load_message(Connection& db, std::string_view id);
Result<std::vector<Message>> read_messages(Query& q);
Result<std::vector<Message>> changed_messages(Connection& db, std::string_view chat_id, std::int64_t since,
                                              std::size_t limit);
// Raises the chat's change_seq by one and returns it (sqlite_lifecycle.cpp).
Result<std::int64_t> next_change(Connection& db, std::string_view chat_id);

// A new message's files (message_files rows; the files marked attached), and a message's
// files let go when it is deleted for everyone: a file no other message holds is removed, its
// blobs released (sqlite_files.cpp).
Result<void> attach_files(Connection& db, const Message& message, const std::vector<std::string>& file_ids);
Result<void> detach_files(Connection& db, std::string_view message_id, TimeMs at);

// The search index of messages (sqlite_search.cpp): a new text message's row, an edited
// message's new text, and the rows of messages deleted for everyone removed.
Result<void> index_message(Connection& db, const Message& message);
Result<void> reindex_message(Connection& db, std::string_view chat_id, std::int64_t seq, std::string_view content);
Result<void> unindex_message(Connection& db, std::string_view chat_id, std::int64_t seq);

// The words a user is found by (user_words: their name's words, their folded email), replacing
// those they had (sqlite_directory.cpp).
Result<void> index_user_words(Connection& db, std::string_view user_id, std::string_view name, std::string_view email);

// Counts one use of a usable invite of the chat (kInvalid: none such at `at`).
Result<void> use_invite(Connection& db, std::string_view chat_id, std::string_view token, TimeMs at);
Result<void> raise_sender_watermarks(Connection& db, std::string_view chat_id, std::string_view sender,
                                     std::int64_t seq, TimeMs at);

// Writes the event of a change when the outbox is enabled. Called on the writer thread inside
// the change's savepoint, so a failure to write the event undoes the change too. `make` runs
// only when enabled, keeping the disabled path free of JSON.
template <class MakeEvent>
Result<void> add_event(bool outbox, Connection& db, const MakeEvent& make) {
  return outbox ? insert_event(db, make()) : Result<void>();
}

class SqliteStore final : public Store,
                          public JobStore,
                          public ModerationStore,
                          public SettingsStore,
                          public ScheduleStore,
                          public TemplateStore,
                          public ExportStore {
 public:
  SqliteStore(const std::string& path, const SqliteOptions& options);  // throws on failure
  ~SqliteStore() override;

  Result<User> create_user(const User& user) override;
  Result<User> user_by_id(std::string_view id) override;
  Result<User> user_by_email(std::string_view email) override;
  Result<std::vector<User>> list_users() override;
  Result<std::vector<User>> contacts_of(std::string_view user_id) override;
  Result<DirectoryPage> directory(const DirectoryQuery& query) override;  // sqlite_directory.cpp
  Result<std::vector<User>> users_by_prefix(std::string_view name_prefix, std::string_view email_prefix,
                                            std::size_t limit) override;
  Result<void> set_last_seen(std::string_view user_id, TimeMs at) override;
  Result<void> set_user_name(std::string_view user_id, std::string_view name) override;
  Result<void> create_session(const Session& session) override;
  Result<Session> session_by_id(std::string_view id) override;
  Result<void> revoke_session(std::string_view id) override;

  Result<Chat> find_or_create_private_chat(std::string_view new_id, std::string_view user_a, std::string_view user_b,
                                           TimeMs now) override;
  Result<Chat> chat_by_id(std::string_view id) override;
  Result<std::vector<Chat>> chats_of(std::string_view user_id) override;

  Result<GroupEdited> create_group(const NewGroup& group) override;  // sqlite_groups.cpp
  Result<GroupEdited> edit_group(const GroupEdit& edit) override;
  Result<Member> member(std::string_view chat_id, std::string_view user_id) override;
  Result<MemberPage> members(std::string_view chat_id, const MemberQuery& query) override;
  Result<Watermarks> raise_watermarks(std::string_view chat_id, std::string_view user_id, std::int64_t delivered_seq,
                                      std::int64_t read_seq, TimeMs at) override;
  Result<MemberPage> receipts(std::string_view chat_id, const ReceiptQuery& query) override;
  Result<Invite> create_invite(const Invite& invite, std::size_t max_usable) override;  // sqlite_invites.cpp
  Result<Invite> invite(std::string_view token) override;
  Result<std::vector<Invite>> invites(std::string_view chat_id) override;
  Result<Invite> revoke_invite(std::string_view chat_id, std::string_view token, TimeMs at) override;

  std::vector<Result<Appended>> append_messages(const std::vector<NewMessage>& messages) override;
  Result<Message> message_by_id(std::string_view id) override;
  Result<std::vector<Message>> history(std::string_view chat_id, const HistoryQuery& query) override;
  Result<std::vector<StatusChange>> raise_status(std::string_view user_id, const std::vector<std::string>& message_ids,
                                                 Status status, TimeMs at) override;
  Result<std::vector<StatusChange>> raise_status_up_to(std::string_view user_id, std::string_view chat_id,
                                                       std::int64_t up_to_seq, Status status, TimeMs at) override;
  Result<std::vector<std::string>> quiet_reads(std::string_view user_id, std::string_view chat_id,
                                               std::int64_t from_seq, std::int64_t to_seq) override;

  Result<std::vector<SearchHit>> search_messages(const MessageSearch& search) override;  // sqlite_search.cpp
  Result<IndexProgress> index_pending_messages(std::size_t limit) override;
  // Adds up to `limit` rows not yet in the trigram index to it, in one transaction; `pending`
  // counts the rows still above it, up to `limit` (the search indexer's round, or a test's).
  Result<IndexProgress> index_search_tail(std::size_t limit);

  using LifecycleStore::edit_message;
  Result<Message> edit_message(std::string_view message_id, std::string_view content, const Mentions& mentions,
                               TimeMs at) override;  // sqlite_lifecycle.cpp
  Result<std::vector<TextVersion>> message_versions(std::string_view message_id) override;
  Result<std::vector<Message>> delete_messages(std::string_view chat_id, const std::vector<std::string>& ids,
                                               std::string_view by, TimeMs at) override;
  Result<std::int64_t> hide_messages(std::string_view chat_id, std::string_view user_id,
                                     const std::vector<std::string>& ids, TimeMs at) override;
  Result<std::vector<std::string>> hidden_between(std::string_view chat_id, std::string_view user_id,
                                                  std::int64_t from_seq, std::int64_t to_seq) override;
  Result<ChangePage> changes(std::string_view chat_id, const ChangeQuery& query) override;

  Result<std::vector<std::pair<Message, std::string>>> reply_targets(const std::vector<std::string>& ids) override;
  Result<std::vector<Message>> thread_replies(std::string_view root_id, const ThreadQuery& query) override;
  Result<std::int64_t> read_thread(std::string_view user_id, std::string_view root_id, std::int64_t seq) override;
  Result<void> follow_thread(std::string_view user_id, std::string_view root_id, bool follow, TimeMs at) override;
  Result<std::vector<FollowedThread>> followed_threads(const FollowedQuery& query) override;
  Result<std::vector<std::string>> thread_followers(std::string_view root_id) override;

  // Reactions (sqlite_reactions.cpp).
  Result<Reacted> react(const ReactionChange& change) override;
  Result<std::vector<Reactor>> reactors(const ReactorQuery& query) override;
  Result<std::vector<std::pair<std::string, std::string>>> reactions_of(
      std::string_view user_id, const std::vector<std::string>& message_ids) override;
  Result<std::vector<UnreadReactions>> unread_reactions(std::string_view user_id) override;
  Result<std::int64_t> read_reactions(std::string_view user_id, std::string_view chat_id) override;
  Result<void> count_emoji(std::string_view user_id, const std::vector<std::string>& emoji, TimeMs at) override;
  Result<std::vector<EmojiUse>> frequent_emoji(std::string_view user_id, std::size_t limit) override;

  // Uploads, files and blobs (sqlite_files.cpp).
  Result<Upload> create_upload(const Upload& upload) override;
  Result<Upload> upload(std::string_view id) override;
  Result<std::uint64_t> add_upload_part(std::string_view id, std::uint64_t offset, const UploadPart& part,
                                        TimeMs at) override;
  Result<void> remove_upload(std::string_view id, TimeMs at) override;
  Result<StoredFile> finish_upload(const StoredFile& file, TimeMs at) override;
  Result<StoredFile> file(std::string_view id) override;
  Result<std::vector<StoredFile>> readable_files(std::string_view user_id,
                                                 const std::vector<std::string>& ids) override;
  Result<FileUsage> file_usage(std::string_view user_id) override;
  Result<std::size_t> expire_files(TimeMs now, TimeMs unattached_before, std::size_t limit) override;
  Result<std::vector<std::string>> blob_garbage(std::size_t limit) override;
  Result<void> forget_blobs(const std::vector<std::string>& blob_ids) override;
  // Custom emoji (sqlite_emoji.cpp).
  Result<CustomEmoji> add_emoji(const CustomEmoji& emoji, std::size_t max_in_scope) override;
  Result<CustomEmoji> remove_emoji(std::string_view scope, std::string_view shortcode) override;
  Result<std::vector<CustomEmoji>> emoji_in(std::string_view scope) override;
  Result<CustomEmoji> emoji_image(std::string_view id) override;
  Result<bool> has_emoji(std::string_view scope, std::string_view shortcode) override;
  // Push subscriptions and notification settings (sqlite_notifications.cpp).
  Result<PushSubscription> add_push_subscription(const PushSubscription& subscription,
                                                 std::size_t max_per_user) override;
  Result<void> remove_push_subscription(std::string_view user_id, std::string_view id) override;
  Result<bool> remove_push_endpoint(std::string_view endpoint, std::string_view user_id) override;
  Result<std::vector<PushSubscription>> push_subscriptions(std::string_view user_id) override;
  Result<std::vector<std::string>> notifiable_users() override;
  Result<std::string> notify_settings(std::string_view user_id) override;
  Result<void> set_notify_settings(std::string_view user_id, std::string_view settings, bool emails) override;
  Result<ChatNotify> set_chat_notify(std::string_view user_id, const ChatNotify& setting) override;
  Result<std::vector<ChatNotify>> chat_notify_of(std::string_view user_id) override;
  Result<std::vector<NotifyTarget>> notify_targets(std::string_view chat_id, std::string_view sender_id) override;
  Result<void> hold_notification(const HeldNotification& held) override;
  Result<std::vector<HeldNotification>> take_held(std::string_view user_id, std::string_view channel,
                                                  std::int64_t upto_at, std::size_t limit) override;
  // Privacy settings (sqlite_privacy.cpp).
  Result<Privacy> privacy(std::string_view user_id) override;
  Result<Privacy> set_privacy(std::string_view user_id, const Privacy& privacy) override;
  Result<std::vector<UserPrivacy>> privacy_not_default() override;

  Result<Message> pin(std::string_view message_id, std::string_view by, TimeMs at, std::size_t max_pins) override;
  Result<Message> unpin(std::string_view message_id) override;
  Result<std::vector<Message>> pinned(std::string_view chat_id) override;

  Result<void> record_event(const OutboxEvent& event) override;
  Result<std::vector<OutboxEvent>> outbox_pending(std::size_t limit) override;
  Result<void> outbox_remove(const std::vector<std::int64_t>& positions) override;

  Result<std::vector<std::string>> pending_account_checks() override;
  Result<std::vector<AccountEmail>> account_emails() override;
  Result<std::string> shared_setting(std::string_view name, std::string_view value_if_absent) override;

  // Blocks, reports, the audit log, staff (sqlite_moderation.cpp).
  ModerationStore& moderation() override { return *this; }
  // Scheduled messages (sqlite_schedules.cpp).
  ScheduleStore& schedules() override { return *this; }
  Result<void> add_schedule(const ScheduledMessage& schedule) override;
  Result<ScheduledMessage> schedule(std::string_view id) override;
  Result<std::vector<ScheduledMessage>> pending_schedules(std::string_view user_id, std::string_view chat_id) override;
  Result<std::size_t> count_pending_schedules(std::string_view user_id) override;
  Result<ScheduledMessage> update_schedule(const ScheduledMessage& schedule, std::int64_t expected_version,
                                           TimeMs now) override;
  Result<std::vector<ScheduledMessage>> claim_due_schedules(std::string_view owner, TimeMs now, TimeMs lease_ms,
                                                            std::size_t limit) override;
  Result<ScheduledMessage> claim_schedule(std::string_view id, std::string_view owner, TimeMs now,
                                          TimeMs lease_ms) override;
  Result<std::optional<TimeMs>> next_schedule_due() override;
  Result<ScheduledMessage> finish_schedule(const ScheduledMessage& schedule, std::string_view owner) override;
  Result<void> release_schedule(std::string_view id, std::string_view owner, TimeMs retry_at) override;
  // Data exports (sqlite_exports.cpp).
  ExportStore& exports() override { return *this; }
  Result<DataExport> add_export(const DataExport& e, std::size_t max_unfinished) override;
  Result<DataExport> export_by_id(std::string_view id) override;
  Result<std::vector<DataExport>> exports_of(std::string_view user_id) override;
  Result<DataExport> update_export(const DataExport& e) override;
  Result<DataExport> remove_export(std::string_view id) override;
  Result<std::vector<DataExport>> expired_exports(TimeMs now, std::size_t limit) override;
  // Message templates (sqlite_templates.cpp).
  TemplateStore& templates() override { return *this; }
  Result<MessageTemplate> add_template(const MessageTemplate& t, std::size_t max_in_set) override;
  Result<MessageTemplate> template_by_id(std::string_view id) override;
  Result<MessageTemplate> update_template(const MessageTemplate& t, std::int64_t expected_version) override;
  Result<MessageTemplate> remove_template(std::string_view id) override;
  Result<std::vector<MessageTemplate>> templates_for(std::string_view user_id, std::string_view group_id,
                                                     std::string_view use_chat_id) override;
  Result<std::vector<MessageTemplate>> group_templates(std::string_view chat_id) override;
  Result<void> count_template_use(std::string_view user_id, std::string_view template_id, std::string_view chat_id,
                                  TimeMs at, double weight) override;
  // Settings documents (sqlite_settings.cpp).
  SettingsStore& settings() override { return *this; }
  Result<std::vector<SettingsDocument>> settings_documents(std::string_view user_id) override;
  Result<SettingsDocument> settings_document(std::string_view user_id, std::string_view scope) override;
  Result<SettingsDocument> put_settings(std::string_view user_id, std::string_view scope, std::int64_t expected_version,
                                        std::string_view document, const std::vector<std::string>& keep_files,
                                        TimeMs at) override;
  Result<bool> set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) override;
  Result<std::vector<Block>> blocks_of(std::string_view user_id) override;
  Result<std::vector<Block>> all_blocks() override;
  Result<std::pair<bool, bool>> blocks_between(std::string_view a, std::string_view b) override;
  Result<Report> add_report(const Report& report) override;
  Result<Report> report(std::string_view id) override;
  Result<std::vector<Report>> reports(const ReportQuery& query) override;
  Result<Report> close_report(std::string_view id, std::string_view status, std::string_view resolution,
                              const AuditEntry& audit) override;
  Result<void> add_audit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> audit_log(const AuditQuery& query) override;
  Result<std::vector<StaffMember>> staff() override;
  Result<void> set_staff(std::string_view user_id, std::string_view role, const AuditEntry& audit) override;
  Result<void> suspend(const Suspension& suspension, const AuditEntry& audit) override;
  Result<bool> unsuspend(std::string_view user_id, const AuditEntry& audit) override;
  Result<std::optional<Suspension>> suspension(std::string_view user_id) override;
  Result<std::vector<Suspension>> suspensions() override;
  Result<std::vector<AutoModRule>> automod_rules(std::optional<std::string_view> scope) override;
  Result<void> put_automod_rule(const AutoModRule& rule, const AuditEntry& audit) override;
  Result<bool> delete_automod_rule(std::string_view id, const AuditEntry& audit) override;
  Result<void> add_hit(const AutoModHit& hit) override;
  Result<AutoModHit> hit(std::string_view id) override;
  Result<std::vector<AutoModHit>> hits(const HitQuery& query) override;
  Result<AutoModHit> decide_hit(std::string_view id, std::string_view status, std::string_view message_id,
                                const AuditEntry& audit) override;
  Result<void> mute(const Mute& mute, const AuditEntry& audit) override;
  Result<bool> unmute(std::string_view user_id, std::string_view chat_id, const AuditEntry& audit) override;
  Result<std::vector<Mute>> mutes_of(std::string_view user_id) override;
  Result<std::vector<Mute>> mutes(std::optional<std::string_view> chat_id, TimeMs now) override;
  Result<void> add_notice(const ModerationNotice& notice) override;
  Result<std::vector<ModerationNotice>> notices(std::string_view user_id, std::size_t limit) override;
  Result<std::vector<RecentText>> latest_texts(std::optional<std::string_view> chat_id, std::size_t limit) override;
  Result<FinishedCheck> finish_email_check(std::string_view check, const std::vector<EmailChange>& changes,
                                           const std::vector<AccountIssue>& issues, TimeMs at) override;
  Result<std::vector<AccountIssue>> account_issues() override;

  Result<void> ping() override;

  // The job queue (sqlite_jobs.cpp).
  Result<Enqueued> enqueue_job(const NewJob& job, TimeMs now) override;
  Result<std::vector<Job>> claim_jobs(const JobClaim& claim) override;
  Result<void> complete_job(std::int64_t id, std::string_view owner, TimeMs now) override;
  Result<JobState> fail_job(std::int64_t id, std::string_view owner, std::string_view error, bool retry,
                            const Backoff& backoff, TimeMs now) override;
  Result<TimeMs> extend_job_lease(std::int64_t id, std::string_view owner, TimeMs now, TimeMs lease_ms) override;
  Result<std::size_t> release_expired_jobs(TimeMs now) override;
  Result<std::size_t> remove_finished_jobs(TimeMs before) override;
  Result<Job> job_by_id(std::int64_t id) override;
  Result<JobCounts> count_jobs(TimeMs now) override;

 private:
  template <class T>
  Result<T> write(std::function<Result<T>(Connection&)> fn) {
    return writer_->submit<T>(std::move(fn));
  }

  // One result per message of `messages`, stored together when they can be, else one by one.
  Result<std::vector<Result<Appended>>> store_messages(Connection& db, const std::vector<NewMessage>& messages) const;

  const bool outbox_;               // options.outbox: changes write their events
  std::unique_ptr<Writer> writer_;  // created first: it migrates the file readers open
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<Checkpointer> checkpointer_;     // copies the WAL into the file off the commit path
  std::unique_ptr<SearchIndexer> search_indexer_;  // indexes new messages' text in batches (may be null)
  // Concurrent appends share one write operation (store/append_collector.hpp).
  AppendCollector<Connection> appends_{
      // One writer per database: nothing to lock, so the messages are taken when it runs.
      [this](const AppendCollector<Connection>::Take&, std::function<Result<bool>(Connection&)> fn) {
        return write<bool>(std::move(fn));
      },
      [this](Connection& db, const std::vector<NewMessage>& all) { return store_messages(db, all); }};
};

}  // namespace parley::store::sqlite
