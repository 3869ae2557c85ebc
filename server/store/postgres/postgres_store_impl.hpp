// PostgresStore, the class behind open_postgres_store(). Private to store/postgres: its methods
// are split over postgres_store.cpp (users, sessions, chats, outbox, health),
// postgres_messages.cpp (messages, statuses, pins), postgres_lifecycle.cpp (edits, deletions,
// the change feed), postgres_threads.cpp (replies and threads), postgres_reactions.cpp
// (reactions, most used emoji), postgres_groups.cpp (group chats), postgres_invites.cpp (their
// invite links), postgres_accounts.cpp (account checks) and postgres_jobs.cpp (the job queue,
// store/job_store.hpp). Reads lease a connection from readers_ and run again once on a fresh
// connection when theirs broke; writes are closures submitted to writer_ and run on the writer
// thread, capturing the caller's arguments by reference (the caller blocks until its closure
// has run and committed).
#pragma once

#include "store/append_collector.hpp"
#include "store/exports.hpp"
#include "store/job_store.hpp"
#include "store/moderation.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/writer.hpp"
#include "store/schedules.hpp"
#include "store/settings.hpp"
#include "store/templates.hpp"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::store::postgres {

class PostgresStore final : public Store,
                            public JobStore,
                            public ModerationStore,
                            public SettingsStore,
                            public ScheduleStore,
                            public TemplateStore,
                            public ExportStore {
 public:
  PostgresStore(const std::string& url, const PostgresOptions& options);  // throws on failure
  ~PostgresStore() override;

  Result<User> create_user(const User& user) override;
  Result<User> user_by_id(std::string_view id) override;
  Result<User> user_by_email(std::string_view email) override;
  Result<std::vector<User>> list_users() override;
  Result<std::vector<User>> contacts_of(std::string_view user_id) override;
  Result<DirectoryPage> directory(const DirectoryQuery& query) override;  // postgres_directory.cpp
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

  std::vector<Result<Appended>> append_messages(const std::vector<NewMessage>& messages) override;
  Result<Message> message_by_id(std::string_view id) override;
  Result<std::vector<Message>> history(std::string_view chat_id, const HistoryQuery& query) override;
  Result<std::vector<StatusChange>> raise_status(std::string_view user_id, const std::vector<std::string>& message_ids,
                                                 Status status, TimeMs at) override;
  Result<std::vector<StatusChange>> raise_status_up_to(std::string_view user_id, std::string_view chat_id,
                                                       std::int64_t up_to_seq, Status status, TimeMs at) override;

  Result<std::vector<SearchHit>> search_messages(const MessageSearch& search) override;  // postgres_search.cpp
  Result<IndexProgress> index_pending_messages(std::size_t limit) override;

  // Edits, deletions and the change feed (postgres_lifecycle.cpp).
  using LifecycleStore::edit_message;
  Result<Message> edit_message(std::string_view message_id, std::string_view content, const Mentions& mentions,
                               TimeMs at) override;
  Result<std::vector<TextVersion>> message_versions(std::string_view message_id) override;
  Result<std::vector<Message>> delete_messages(std::string_view chat_id, const std::vector<std::string>& ids,
                                               std::string_view by, TimeMs at) override;
  Result<std::int64_t> hide_messages(std::string_view chat_id, std::string_view user_id,
                                     const std::vector<std::string>& ids, TimeMs at) override;
  Result<std::vector<std::string>> hidden_between(std::string_view chat_id, std::string_view user_id,
                                                  std::int64_t from_seq, std::int64_t to_seq) override;
  Result<ChangePage> changes(std::string_view chat_id, const ChangeQuery& query) override;

  // Replies and threads (postgres_threads.cpp).
  Result<std::vector<std::pair<Message, std::string>>> reply_targets(const std::vector<std::string>& ids) override;
  Result<std::vector<Message>> thread_replies(std::string_view root_id, const ThreadQuery& query) override;
  Result<std::int64_t> read_thread(std::string_view user_id, std::string_view root_id, std::int64_t seq) override;
  Result<void> follow_thread(std::string_view user_id, std::string_view root_id, bool follow, TimeMs at) override;
  Result<std::vector<FollowedThread>> followed_threads(const FollowedQuery& query) override;
  Result<std::vector<std::string>> thread_followers(std::string_view root_id) override;

  Result<std::vector<std::string>> quiet_reads(std::string_view user_id, std::string_view chat_id,
                                               std::int64_t from_seq, std::int64_t to_seq) override;
  // Uploads, files and blobs (postgres_files.cpp).
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
  // Custom emoji (postgres_emoji.cpp).
  Result<CustomEmoji> add_emoji(const CustomEmoji& emoji, std::size_t max_in_scope) override;
  Result<CustomEmoji> remove_emoji(std::string_view scope, std::string_view shortcode) override;
  Result<std::vector<CustomEmoji>> emoji_in(std::string_view scope) override;
  Result<CustomEmoji> emoji_image(std::string_view id) override;
  Result<bool> has_emoji(std::string_view scope, std::string_view shortcode) override;
  // Push subscriptions and notification settings (postgres_notifications.cpp).
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
  // Privacy settings (postgres_privacy.cpp).
  Result<Privacy> privacy(std::string_view user_id) override;
  Result<Privacy> set_privacy(std::string_view user_id, const Privacy& privacy) override;
  Result<std::vector<UserPrivacy>> privacy_not_default() override;

  // Reactions (postgres_reactions.cpp).
  Result<Reacted> react(const ReactionChange& change) override;
  Result<std::vector<Reactor>> reactors(const ReactorQuery& query) override;
  Result<std::vector<std::pair<std::string, std::string>>> reactions_of(
      std::string_view user_id, const std::vector<std::string>& message_ids) override;
  Result<std::vector<UnreadReactions>> unread_reactions(std::string_view user_id) override;
  Result<std::int64_t> read_reactions(std::string_view user_id, std::string_view chat_id) override;
  Result<void> count_emoji(std::string_view user_id, const std::vector<std::string>& emoji, TimeMs at) override;
  Result<std::vector<EmojiUse>> frequent_emoji(std::string_view user_id, std::size_t limit) override;

  // Group chats (postgres_groups.cpp).
  Result<GroupEdited> create_group(const NewGroup& group) override;
  Result<GroupEdited> edit_group(const GroupEdit& edit) override;
  Result<Member> member(std::string_view chat_id, std::string_view user_id) override;
  Result<MemberPage> members(std::string_view chat_id, const MemberQuery& query) override;
  Result<Watermarks> raise_watermarks(std::string_view chat_id, std::string_view user_id, std::int64_t delivered_seq,
                                      std::int64_t read_seq, TimeMs at) override;
  Result<MemberPage> receipts(std::string_view chat_id, const ReceiptQuery& query) override;
  // Invite links of groups (postgres_invites.cpp).
  Result<Invite> create_invite(const Invite& invite, std::size_t max_usable) override;
  Result<Invite> invite(std::string_view token) override;
  Result<std::vector<Invite>> invites(std::string_view chat_id) override;
  Result<Invite> revoke_invite(std::string_view chat_id, std::string_view token, TimeMs at) override;

  Result<Message> pin(std::string_view message_id, std::string_view by, TimeMs at, std::size_t max_pins) override;
  Result<Message> unpin(std::string_view message_id) override;
  Result<std::vector<Message>> pinned(std::string_view chat_id) override;

  Result<void> record_event(const OutboxEvent& event) override;
  Result<std::vector<OutboxEvent>> outbox_pending(std::size_t limit) override;
  Result<void> outbox_remove(const std::vector<std::int64_t>& positions) override;

  Result<std::vector<std::string>> pending_account_checks() override;
  Result<std::vector<AccountEmail>> account_emails() override;
  Result<std::string> shared_setting(std::string_view name, std::string_view value_if_absent) override;

  // Blocks, reports, the audit log, staff (postgres_moderation.cpp).
  ModerationStore& moderation() override { return *this; }
  // Scheduled messages (postgres_schedules.cpp).
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
  // Data exports (postgres_exports.cpp).
  ExportStore& exports() override { return *this; }
  Result<DataExport> add_export(const DataExport& e, std::size_t max_unfinished) override;
  Result<DataExport> export_by_id(std::string_view id) override;
  Result<std::vector<DataExport>> exports_of(std::string_view user_id) override;
  Result<DataExport> update_export(const DataExport& e) override;
  Result<DataExport> remove_export(std::string_view id) override;
  Result<std::vector<DataExport>> expired_exports(TimeMs now, std::size_t limit) override;
  // Message templates (postgres_templates.cpp).
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
  // Settings documents (postgres_settings.cpp).
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

  // The job queue (postgres_jobs.cpp).
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
  // Runs `fn` in the writer, after its batch locked `locks` (what `fn` changes: writer.hpp).
  template <class T>
  Result<T> write(WriteLocks locks, std::function<Result<T>(Connection&)> fn) {
    return writer_->submit<T>(std::move(locks), std::move(fn));
  }

  // Runs `fn` (Connection& -> Result<...>) on a read connection; once more on a new
  // connection when the first one broke under it.
  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    for (int attempt = 1;; ++attempt) {
      auto lease = readers_->acquire();
      Connection* db = lease.connect();
      if (db == nullptr) return util::fail(Errc::kUnavailable);
      auto result = fn(*db);
      if (result.ok() || !db->broken() || attempt == 2) return result;
    }
  }

  // Runs `fn` (Connection& -> Result<...>) once on a connection of jobs_: the job queue's and
  // the scheduled messages' changes, one statement each, apart from the group-commit writer.
  template <class F>
  auto job_change(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    auto lease = jobs_->acquire();
    Connection* db = lease.connect();
    if (db == nullptr) return util::fail(Errc::kUnavailable);
    return fn(*db);
  }

  // One result per message of `messages`, stored together when they can be, else one by one.
  Result<std::vector<Result<Appended>>> store_messages(Connection& db, const std::vector<NewMessage>& messages) const;

  // Writes `event` in the current transaction, when the outbox is enabled.
  void write_event(Connection& db, const OutboxEvent& event) const;
  // Parts of write operations, run on the writer connection (postgres_messages.cpp).
  Result<Appended> append_one(Connection& db, const NewMessage& m) const;
  // All of `messages` in one statement, or nothing (and the transaction as it was) when one of
  // them cannot be stored that way; append_one then stores them one by one.
  std::optional<std::vector<Result<Appended>>> append_together(Connection& db,
                                                               const std::vector<NewMessage>& messages) const;
  // The system lines of a group change, each appended by append_one (postgres_groups.cpp).
  Result<std::vector<Message>> append_lines(Connection& db, const std::vector<NewMessage>& lines) const;
  Result<std::vector<StatusChange>> raise_all(Connection& db, std::string_view user_id,
                                              const std::vector<std::string>& ids, Status status, TimeMs at) const;

  const bool outbox_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<ReaderPool> jobs_;  // the job queue's changes, one statement each
  // Concurrent appends share one write operation (store/append_collector.hpp), which locks the
  // chats of the messages it takes.
  AppendCollector<Connection> appends_{
      [this](const AppendCollector<Connection>::Take& take, std::function<Result<bool>(Connection&)> fn) {
        return writer_->submit_declaring<bool>(
            [take](WriteLocks& locks) {
              for (const auto& m : take()) locks.names.push_back(lock_key(m.chat_id));
            },
            std::move(fn));
      },
      [this](Connection& db, const std::vector<NewMessage>& all) { return store_messages(db, all); }};
};

// A new message's files (message_files rows; the files marked attached), and the files of
// messages deleted for everyone let go: a file no other message holds is removed, its blobs
// released (postgres_files.cpp).
Result<void> attach_files(Connection& db, const Message& message, const std::vector<std::string>& file_ids);
Result<void> detach_files(Connection& db, const std::vector<std::string>& message_ids, TimeMs at);

// The search index of messages (postgres_search.cpp): a new message's search form (none for
// other kinds than text) and flags, bound with its append; an edited message's new text, and
// the rows of messages deleted for everyone removed, deferred in the change's transaction.
std::optional<std::string> search_body_of(const NewMessage& m);
std::int64_t search_flags_of(const NewMessage& m);
void reindex_message(Connection& db, std::string_view message_id, std::string_view content);
void unindex_messages(Connection& db, const std::vector<std::string>& message_ids);

// The words a user is found by (user_words: their name's words, their folded email), replacing
// those they had (postgres_directory.cpp).
Result<void> index_user_words(Connection& db, std::string_view user_id, std::string_view name, std::string_view email);

// The chat `id` as chat_by_id() reads it, on `db` (postgres_store.cpp); kNotFound when there is none.
Result<Chat> load_chat(Connection& db, std::string_view id);
Result<bool> user_exists(Connection& db, std::string_view id);   // postgres_privacy.cpp
Result<void> insert_audit(Connection& db, const AuditEntry& a);  // one audit line; postgres_moderation.cpp

// The columns read_message() expects, in its order. A macro only to splice a constant into
// the files' string literals at compile time; values are always bound.
#define PARLEY_POSTGRES_MESSAGE_COLUMNS                                                                 \
  "id, chat_id, sender_id, content, seq, created_at, client_message_id, status, pinned_at, "            \
  "pinned_by, forwarded_from_id, original_sender_id, kind, system, edited_at, edit_count, deleted_at, " \
  "deleted_by, change_seq, reply_to_id, quote, thread_root_id, also_to_chat, thread_count, "            \
  "thread_last_at, thread_participants, reactions, attachments::text, mentions"
// The same columns of table alias `t`.
#define PARLEY_POSTGRES_MESSAGE_COLUMNS_OF(t)                                                                      \
  t ".id, " t ".chat_id, " t ".sender_id, " t ".content, " t ".seq, " t ".created_at, " t ".client_message_id, " t \
    ".status, " t ".pinned_at, " t ".pinned_by, " t ".forwarded_from_id, " t ".original_sender_id, " t ".kind, " t \
    ".system, " t ".edited_at, " t ".edit_count, " t ".deleted_at, " t ".deleted_by, " t ".change_seq, " t         \
    ".reply_to_id, " t ".quote, " t ".thread_root_id, " t ".also_to_chat, " t ".thread_count, " t                  \
    ".thread_last_at, " t ".thread_participants, " t ".reactions, " t ".attachments::text, " t ".mentions"
// How many they are: a query's next column after them.
inline constexpr int kMessageColumns = 29;

// Messages as stored (postgres_messages.cpp): a row of the message columns (from column
// `first`), every row of a reply, one message by id (kNotFound when there is none), the
// messages of `ids` that exist (in no order), and the chat's messages whose change_seq is
// after `since` and at most `until`, by change_seq.
Message read_message(const Rows& r, int row, int first = 0);
Result<std::vector<Message>> read_messages(const Reply& reply);
Result<Message> load_message(Connection& db, std::string_view id);
Result<std::vector<Message>> messages_by_ids(Connection& db, const std::vector<std::string>& ids);
Result<std::vector<Message>> changed_messages(Connection& db, std::string_view chat_id, std::int64_t since,
                                              std::int64_t until, std::size_t limit);

// Queues (defer) what new messages in groups change besides themselves: each raises its
// sender's watermarks to its seq (and last_sent_at to its time), and their groups' floors
// follow (postgres_groups.cpp). None of it can fail on the values given.
void raise_senders(Connection& db, const std::vector<const Message*>& messages);

// The thread replies among `appended` (messages just stored in the current transaction, in the
// order of their seqs; duplicates are left alone): locks their roots' rows and, for each reply
// in turn, updates its root's summary and gives the root its chat's next change_seq; makes the
// reply's sender follow the thread (again, having read up to the reply) and the root's author
// follow it (unless they stopped); sets the reply's thread_root to its root after it. One
// query, then deferred writes; none without thread replies. kNotFound: a root that does not
// exist; kInvalid: one in another chat (nothing written then). postgres_threads.cpp.
Result<void> add_to_threads(Connection& db, const std::vector<Appended*>& appended);

// Counts one use of an invite of the chat usable at `at` (kInvalid: none such), in the current
// transaction: edit_group's, which admits the member who used it (postgres_invites.cpp).
Result<void> use_invite(Connection& db, std::string_view chat_id, std::string_view token, TimeMs at);

// The error of a failed statement, as the store reports it.
inline Errc errc_of(const Reply& reply) { return reply.error().errc; }

}  // namespace parley::store::postgres
