// The storage interface of Parley: users, sessions, chats, messages with per-chat sequence
// numbers, delivery status per recipient, and pins. Backends: SQLite (store/sqlite, the
// embedded default) and PostgreSQL (store/postgres, the cluster); both pass the conformance
// suite in store/store_conformance.hpp.
//
// Contract:
// - Thread-safe: every method may be called from any thread at once. Calls block the calling
//   thread (callers run them on worker threads, never on an I/O thread).
// - Durable: a write that returned success is committed and survives a crash (kill -9).
// - Writes from concurrent callers are group-committed: many in one transaction.
// - Messages get seq = previous seq of their chat + 1, without gaps, in commit order.
//   In a group, a message raises its sender's watermarks to its seq (one's own message is read).
// - Appending a message whose (sender_id, client_message_id) is already stored stores nothing
//   and returns the stored message with `duplicate = true`.
// - Status per recipient only rises (SENT < DELIVERED < READ); a message's `status` is the
//   lowest over its recipients.
// - Times are epoch milliseconds; ids are UUID strings chosen by the caller.
// - Outbox (when the backend is opened with it enabled): every change also writes its event
//   row (docs/events.md) in the same transaction, so an event exists exactly when its change
//   was committed. Within one key (chat) the events' positions follow commit order.
#pragma once

#include "store/account_checks.hpp"
#include "store/emoji.hpp"
#include "store/errors.hpp"
#include "store/files.hpp"
#include "store/groups.hpp"
#include "store/lifecycle.hpp"
#include "store/notifications.hpp"
#include "store/privacy.hpp"
#include "store/reactions.hpp"
#include "store/search.hpp"
#include "store/threads.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::store {

class ModerationStore;  // store/moderation.hpp
class SettingsStore;    // store/settings.hpp
class ScheduleStore;    // store/schedules.hpp
class TemplateStore;    // store/templates.hpp
class ExportStore;      // store/exports.hpp

struct User {
  std::string id;
  std::string email;  // lower-case, unique
  std::string name;
  std::string password_hash;
  TimeMs created_at = 0;
  std::optional<TimeMs> last_seen;
};

struct Session {
  std::string id;
  std::string user_id;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  bool revoked = false;
};

struct Chat {
  std::string id;
  std::string kind = "private";  // or "group"
  // User ids, in the order they were added. A group's first kMaxListedParticipants only: the
  // rest are read with GroupStore::members.
  std::vector<std::string> participants;
  bool participants_truncated = false;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;  // time of the last message, or created_at
  std::int64_t last_seq = 0;
  // Rises with every change to a message already sent (an edit, a deletion, a pin, a message
  // hidden by someone): the change feed's cursor (LifecycleStore::changes).
  std::int64_t change_seq = 0;
  std::optional<GroupInfo> group;  // for kind "group"
};

// The most participants a group's Chat lists.
inline constexpr std::size_t kMaxListedParticipants = 100;

enum class Status : int { kSent = 0, kDelivered = 1, kRead = 2 };

// Whom a message mentions: participants by id (each once, never its sender), and in a group
// possibly everyone (@all). The domain decides who may be mentioned.
struct Mentions {
  std::vector<std::string> users;
  bool all = false;

  bool empty() const { return users.empty() && !all; }
  bool operator==(const Mentions&) const = default;
};

struct Message {
  std::string id;
  std::string chat_id;
  std::string sender_id;
  std::string content;
  std::int64_t seq = 0;
  TimeMs created_at = 0;
  std::optional<std::string> client_message_id;
  Status status = Status::kSent;  // lowest over recipients
  std::optional<TimeMs> pinned_at;
  std::optional<std::string> pinned_by;
  std::optional<std::string> forwarded_from_id;   // the message this one forwards
  std::optional<std::string> original_sender_id;  // who wrote the forwarded message
  std::string kind = "text";                      // or "system": a change of the chat, told in the timeline
  std::optional<std::string> system;              // for kind "system": what changed, a JSON object text
  std::optional<TimeMs> edited_at;                // the last edit
  std::int64_t edit_count = 0;
  // Deleted for everyone: a tombstone that keeps its seq (content empty, no pin, no history).
  std::optional<TimeMs> deleted_at;
  std::optional<std::string> deleted_by;
  std::int64_t change_seq = 0;  // the chat's change_seq at this message's last change (0: none)
  // Replies, quotes and threads (store/threads.hpp).
  std::optional<std::string> reply_to_id;     // the message this one answers (same chat)
  std::optional<std::string> quote;           // the fragment of its text quoted (removed when it is deleted)
  std::optional<std::string> thread_root_id;  // the thread this message is a reply in
  bool also_to_chat = false;                  // a thread reply also shown in the timeline
  // On a thread's root: its replies' count, the last one's time, the latest repliers.
  std::int64_t thread_count = 0;
  std::optional<TimeMs> thread_last_at;
  std::vector<std::string> thread_participants;
  std::vector<ReactionCount> reactions;  // by first use (store/reactions.hpp)
  // The files it carries as messages show them: a JSON array text (store/files.hpp); none
  // without files and once deleted for everyone.
  std::optional<std::string> attachments;
  Mentions mentions;  // none once deleted for everyone
  // Not stored here: the domain sets them for the viewer who hid the message (delete for me),
  // from the message replied to as it is now, and the viewer's own reactions.
  bool hidden = false;
  std::optional<ReplyPreview> reply_to;
  std::vector<std::string> my_reactions;

  // Whether the chat's timeline shows it (not a reply kept in its thread).
  bool in_timeline() const { return !thread_root_id || also_to_chat; }
};

struct StatusChange {
  std::string message_id;
  std::string chat_id;
  std::string sender_id;
  std::string user_id;  // the recipient whose status rose
  Status status = Status::kSent;
  TimeMs at = 0;
  Status aggregate = Status::kSent;  // the message's status after the change
};

struct NewMessage {
  std::string id;
  std::string chat_id;
  std::string sender_id;
  std::string content;
  TimeMs created_at = 0;
  std::optional<std::string> client_message_id;
  std::optional<std::string> forwarded_from_id;
  std::optional<std::string> original_sender_id;
  std::string kind = "text";
  std::optional<std::string> system;
  std::optional<std::string> reply_to_id;
  std::optional<std::string> quote;
  std::optional<std::string> thread_root_id;
  bool also_to_chat = false;
  // Files carried (store/files.hpp): their ids, each a stored file, and the JSON array text
  // messages show; both empty for a message without files.
  std::vector<std::string> file_ids{};
  std::optional<std::string> attachments{};
  Mentions mentions{};
  // Participants other than the sender (status rows). Empty in groups, whose statuses come
  // from the members' watermarks.
  std::vector<std::string> recipients;
  // Recipients with a connected device, which the fan-out sends the message to as it is
  // committed: their rows start DELIVERED (at created_at) instead of SENT.
  std::vector<std::string> delivered_to;
};

struct Appended {
  Message message;
  bool duplicate = false;               // an earlier append with the same (sender, client_message_id)
  std::vector<StatusChange> delivered;  // the rows that started DELIVERED (none for a duplicate)
  std::optional<Message> thread_root;   // a thread reply's root with its new summary (not for a duplicate)
};

// One row of the transactional outbox: an event waiting to be relayed (events/kafka).
struct OutboxEvent {
  std::int64_t position = 0;  // set by the store: increasing, and in commit order per key
  std::string id;             // UUID, unique per event: consumers dedupe by it
  std::string type;           // "message.created", "message.status", ... (docs/events.md)
  std::string key;            // the chat id (or user id for user events): the partition key
  std::string payload;        // the whole event as a JSON object text
  TimeMs at = 0;
};

struct HistoryQuery {
  std::optional<std::string> before_id;   // messages older than this one
  std::optional<std::int64_t> after_seq;  // messages with seq > after_seq (catch-up); wins over before_id
  std::size_t limit = 50;                 // at most kMaxHistoryLimit are returned
  std::int64_t visible_after_seq = 0;     // only messages with seq above this (a member's view)
  bool timeline = false;                  // leave out thread replies not also sent to the chat
};

// The most messages one history() call returns, whatever the query's limit says.
inline constexpr std::size_t kMaxHistoryLimit = 200;

// A page of the user directory. Users are ordered by their sort key (the search fold of their
// name, util/text_fold.hpp) and then id, both compared bytewise, so that pages resume exactly
// after the last entry seen (a keyset) whatever was added meanwhile.
struct DirectoryQuery {
  std::string viewer;  // the user asking: entries say whether they share a chat with them
  // Folded by the store and matched as a substring of each user's folded name, and of their
  // folded email where `search_all_emails` allows; empty: everyone.
  std::string search;
  // false: only the emails of the viewer and of the users who share a chat with them are
  // searched, so that a search cannot probe the emails a viewer is not shown.
  bool search_all_emails = true;
  // The page starts after the entry with this sort key and id; both empty: from the start.
  std::string after_key;
  std::string after_id;
  std::size_t limit = 50;  // 1..kMaxDirectoryLimit (clamped)
};

struct DirectoryEntry {
  User user;  // without password_hash
  std::string sort_key;
  bool shares_chat = false;  // the viewer and this user are participants of one chat
};

struct DirectoryPage {
  std::vector<DirectoryEntry> entries;
  bool more = false;  // more entries follow the last one
};

inline constexpr std::size_t kMaxDirectoryLimit = 200;

// The store's interface, by feature: each part has its own conformance tests
// (store_conformance_<part>.cpp), and a domain module takes only the parts it uses.

// Accounts, sessions and the people directory.
class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual Result<User> create_user(const User& user) = 0;  // kConflict: email taken
  virtual Result<User> user_by_id(std::string_view id) = 0;
  virtual Result<User> user_by_email(std::string_view email) = 0;
  virtual Result<std::vector<User>> list_users() = 0;  // by name
  // The users who share at least one private chat with `user_id` (not the user), by name then
  // id. Group members are not contacts: presence would otherwise grow with the groups' sizes.
  virtual Result<std::vector<User>> contacts_of(std::string_view user_id) = 0;
  virtual Result<DirectoryPage> directory(const DirectoryQuery& query) = 0;
  // Users with a word of their name starting with `name_prefix` (a word of the search form,
  // util/search_text.hpp), then those whose folded email starts with `email_prefix` (none when
  // empty); each by that word, at most `limit` (clamped to kMaxDirectoryLimit), each user once.
  virtual Result<std::vector<User>> users_by_prefix(std::string_view name_prefix, std::string_view email_prefix,
                                                    std::size_t limit) = 0;
  virtual Result<void> set_last_seen(std::string_view user_id, TimeMs at) = 0;
  // The display name (already checked), with its directory search key; kNotFound: no such user.
  virtual Result<void> set_user_name(std::string_view user_id, std::string_view name) = 0;
  virtual Result<void> create_session(const Session& session) = 0;
  virtual Result<Session> session_by_id(std::string_view id) = 0;
  virtual Result<void> revoke_session(std::string_view id) = 0;
};

// Chats and their members. The private chat of two users is unique; asking again returns the
// same chat.
class ChatStore {
 public:
  virtual ~ChatStore() = default;
  virtual Result<Chat> find_or_create_private_chat(std::string_view new_id, std::string_view user_a,
                                                   std::string_view user_b, TimeMs now) = 0;
  virtual Result<Chat> chat_by_id(std::string_view id) = 0;
  virtual Result<std::vector<Chat>> chats_of(std::string_view user_id) = 0;  // newest activity first
};

// Messages and their delivery status.
class MessageStore {
 public:
  virtual ~MessageStore() = default;
  // One result per input, in order; all committed in one transaction.
  virtual std::vector<Result<Appended>> append_messages(const std::vector<NewMessage>& messages) = 0;
  virtual Result<Message> message_by_id(std::string_view id) = 0;
  // Oldest first. With after_seq: the first `limit` messages after it. Otherwise the newest
  // `limit` messages (before `before_id` when given).
  virtual Result<std::vector<Message>> history(std::string_view chat_id, const HistoryQuery& query) = 0;

  // Raises `user_id`'s status on the given messages (those of which they are a recipient) to
  // `status`; returns the changes actually made.
  virtual Result<std::vector<StatusChange>> raise_status(std::string_view user_id,
                                                         const std::vector<std::string>& message_ids, Status status,
                                                         TimeMs at) = 0;
  // The same for every message of `chat_id` with seq <= up_to_seq. Reads first: when there is
  // nothing to raise it returns no changes without a write transaction (a chat joined again).
  virtual Result<std::vector<StatusChange>> raise_status_up_to(std::string_view user_id, std::string_view chat_id,
                                                               std::int64_t up_to_seq, Status status, TimeMs at) = 0;
  // A recipient with read receipts off (store/privacy.hpp) reads quietly: the change returned
  // is DELIVERED, and the message's status stays below READ. The ids of the messages of
  // `chat_id` with seq in [from_seq, to_seq] that `user_id` read so, oldest first.
  virtual Result<std::vector<std::string>> quiet_reads(std::string_view user_id, std::string_view chat_id,
                                                       std::int64_t from_seq, std::int64_t to_seq) = 0;
};

// A new group: its owner and first members, and the "created" system message (its seq 1).
struct NewGroup {
  std::string id;
  GroupInfo info;               // member_count and version are set by the store
  std::vector<Member> members;  // the owner first; watermarks and visible_after_seq as given
  NewMessage created;           // kind "system", in this chat
  TimeMs at = 0;
};

// A change to a group, decided by the domain on the group it read (`expected_version`). The
// store applies every part in one transaction, or none: kConflict when the group's version is
// no longer the one expected (the domain reads again and decides again), kNotFound when there
// is no such group, kLimit when the members would exceed `max_members`.
struct GroupEdit {
  std::string chat_id;
  std::int64_t expected_version = 0;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> avatar_color;
  std::optional<GroupSettings> settings;
  // New members (user_id, role and joined_at used). Their watermarks start at the chat's last
  // seq before this change's system messages, and so does visible_after_seq when the group's
  // settings (after this change) hide earlier history; 0 otherwise. A user who is a member
  // already is a kConflict.
  std::vector<Member> add;
  std::vector<std::pair<std::string, Role>> roles;  // members whose role changes
  std::vector<std::string> remove;                  // members who leave or are removed (kNotFound: not a member)
  std::size_t max_members = 0;                      // 0: no bound
  // The invite a joining member used: the store counts one use of it in the same transaction,
  // kInvalid when it is not of this chat or not usable at `at` (revoked, expired, used up).
  std::optional<std::string> invite;
  std::vector<NewMessage> system;  // the timeline's lines for this change, in order
  TimeMs at = 0;
};

struct GroupEdited {
  Chat chat;                    // after the change
  std::vector<Message> system;  // the system messages as stored, with their seq
};

class GroupStore {
 public:
  virtual ~GroupStore() = default;
  virtual Result<GroupEdited> create_group(const NewGroup& group) = 0;  // kConflict: the id is taken
  virtual Result<GroupEdited> edit_group(const GroupEdit& edit) = 0;
  // kNotFound when `user_id` is not a member (or the chat is not a group).
  virtual Result<Member> member(std::string_view chat_id, std::string_view user_id) = 0;
  virtual Result<MemberPage> members(std::string_view chat_id, const MemberQuery& query) = 0;
  // Raises `user_id`'s watermarks in a group to the given seqs (capped at the chat's last seq;
  // reading implies delivery), never lowering them, and the group's floors with them. Reads
  // first: nothing to raise writes nothing. kNotFound when not a member of a group.
  virtual Result<Watermarks> raise_watermarks(std::string_view chat_id, std::string_view user_id,
                                              std::int64_t delivered_seq, std::int64_t read_seq, TimeMs at) = 0;
  // The members who have the message at query.seq (delivered watermark at or past it); whether
  // they read it is their read_seq. kNotFound when the chat is not a group.
  virtual Result<MemberPage> receipts(std::string_view chat_id, const ReceiptQuery& query) = 0;

  // Invite links (uses are counted by edit_group). kNotFound: the chat is not a group;
  // kConflict: the token is taken; kLimit: the group has `max_usable` invites usable at
  // invite.created_at already.
  virtual Result<Invite> create_invite(const Invite& invite, std::size_t max_usable) = 0;
  virtual Result<Invite> invite(std::string_view token) = 0;  // kNotFound: no such token
  // A group's invites that are not revoked, newest first, at most kMaxListedInvites.
  virtual Result<std::vector<Invite>> invites(std::string_view chat_id) = 0;
  // Revokes an invite of `chat_id` (kNotFound: no such invite of that chat); revoking again
  // keeps the first time.
  virtual Result<Invite> revoke_invite(std::string_view chat_id, std::string_view token, TimeMs at) = 0;
};

// What changed in a chat after a change_seq, oldest change first: the messages as they are
// now (edited, deleted, pinned or unpinned) and the ids of the viewer's messages hidden.
struct ChangePage {
  std::vector<Message> messages;
  std::vector<std::string> hidden;
  std::int64_t until = 0;  // the change_seq this page goes up to: the next page's `since`
  bool more = false;       // more changes follow `until`
};

// Edits, deletions and the change feed (store/lifecycle.hpp). Each change raises the chat's
// change_seq, gives it to the message, and writes its outbox event, in one transaction.
class LifecycleStore {
 public:
  virtual ~LifecycleStore() = default;
  // Replaces a text message's content, keeping the text it replaces in the message's history;
  // sets edited_at and raises edit_count. kNotFound: no such message; kInvalid: deleted, or not
  // a text message. `mentions` replace the message's.
  virtual Result<Message> edit_message(std::string_view message_id, std::string_view content, const Mentions& mentions,
                                       TimeMs at) = 0;
  Result<Message> edit_message(std::string_view message_id, std::string_view content, TimeMs at) {
    return edit_message(message_id, content, Mentions{}, at);
  }
  // A message's texts, oldest first, the current one last; each with when it was written
  // (none for a deleted message). kNotFound: no such message.
  virtual Result<std::vector<TextVersion>> message_versions(std::string_view message_id) = 0;
  // Deletes messages of one chat for everyone: each becomes a tombstone (content, history and
  // pin and files removed; deleted_at and deleted_by set; a file no other message holds is
  // removed with its blobs). Ones deleted already are returned unchanged.
  // All or none: kNotFound when one is unknown, kInvalid when one is of another chat.
  virtual Result<std::vector<Message>> delete_messages(std::string_view chat_id, const std::vector<std::string>& ids,
                                                       std::string_view by, TimeMs at) = 0;
  // Hides messages of one chat from `user_id` alone (delete for me); hiding again changes
  // nothing. Same errors as delete_messages. Returns the chat's change_seq after.
  virtual Result<std::int64_t> hide_messages(std::string_view chat_id, std::string_view user_id,
                                             const std::vector<std::string>& ids, TimeMs at) = 0;
  // The ids of the chat's messages with seq in [from_seq, to_seq] that `user_id` hid.
  virtual Result<std::vector<std::string>> hidden_between(std::string_view chat_id, std::string_view user_id,
                                                          std::int64_t from_seq, std::int64_t to_seq) = 0;
  // What changed in the chat after query.since (kNotFound: no such chat).
  virtual Result<ChangePage> changes(std::string_view chat_id, const ChangeQuery& query) = 0;
};

// A followed thread: its root as it is now, where the follower has read up to, and how many
// replies of others (not deleted) follow that.
struct FollowedThread {
  Message root;
  std::int64_t read_seq = 0;
  std::int64_t unread = 0;
};

// Replies, quotes and threads (store/threads.hpp). Thread replies are appended with
// MessageStore::append_messages, which updates their roots and followers.
class ThreadStore {
 public:
  virtual ~ThreadStore() = default;
  // The messages of `ids` that exist (any order, each once), with their senders' names.
  virtual Result<std::vector<std::pair<Message, std::string>>> reply_targets(const std::vector<std::string>& ids) = 0;
  // A page of the thread of `root_id` (kNotFound: no such message).
  virtual Result<std::vector<Message>> thread_replies(std::string_view root_id, const ThreadQuery& query) = 0;
  // Raises `user_id`'s read position in a thread they follow to `seq` (never lowers it) and
  // returns their unread count after; a thread they do not follow: 0, nothing stored.
  virtual Result<std::int64_t> read_thread(std::string_view user_id, std::string_view root_id, std::int64_t seq) = 0;
  // Follows (from the thread's last reply on) or stops following a thread; kNotFound: no such
  // message. A reply of theirs makes them follow it again.
  virtual Result<void> follow_thread(std::string_view user_id, std::string_view root_id, bool follow, TimeMs at) = 0;
  // The threads `query.user_id` follows in chats they are a participant of, with replies.
  virtual Result<std::vector<FollowedThread>> followed_threads(const FollowedQuery& query) = 0;
  // Who follows the thread of `root_id` now, by user id (none for an unknown message).
  virtual Result<std::vector<std::string>> thread_followers(std::string_view root_id) = 0;
};

// A reaction change as stored: the message after it (counts and change_seq), whether the
// reaction is on now, and whether anything changed. With a change by someone other than the
// message's sender: the sender's unread reactions in that chat after it.
struct Reacted {
  Message message;
  bool added = false;
  bool changed = false;
  std::optional<std::int64_t> author_unread;
};

// Reactions (store/reactions.hpp). Deleting a message for everyone removes its reactions.
class ReactionStore {
 public:
  virtual ~ReactionStore() = default;
  virtual Result<Reacted> react(const ReactionChange& change) = 0;
  // kNotFound: no such message.
  virtual Result<std::vector<Reactor>> reactors(const ReactorQuery& query) = 0;
  // `user_id`'s reactions on those of `message_ids` that have any, as (message id, emoji).
  virtual Result<std::vector<std::pair<std::string, std::string>>> reactions_of(
      std::string_view user_id, const std::vector<std::string>& message_ids) = 0;
  // Per chat `user_id` is in, by chat id: others' reactions on their messages not seen yet.
  virtual Result<std::vector<UnreadReactions>> unread_reactions(std::string_view user_id) = 0;
  // Marks them seen in one chat; how many were unread.
  virtual Result<std::int64_t> read_reactions(std::string_view user_id, std::string_view chat_id) = 0;
  // Counts one use of each of `emoji` (repeats count again) for `user_id`; a reaction put on
  // counts itself.
  virtual Result<void> count_emoji(std::string_view user_id, const std::vector<std::string>& emoji, TimeMs at) = 0;
  // Their most used emoji: most uses first, then the latest used; at most `limit`.
  virtual Result<std::vector<EmojiUse>> frequent_emoji(std::string_view user_id, std::size_t limit) = 0;
};

class PinStore {
 public:
  virtual ~PinStore() = default;
  // kLimit when the chat already has `max_pins` pinned messages.
  virtual Result<Message> pin(std::string_view message_id, std::string_view by, TimeMs at, std::size_t max_pins) = 0;
  virtual Result<Message> unpin(std::string_view message_id) = 0;
  virtual Result<std::vector<Message>> pinned(std::string_view chat_id) = 0;  // by pin time
};

// The transactional outbox of domain events. record_event stores an event that is no change of
// its own (presence); with the outbox disabled it and the calls below do nothing and return
// nothing.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  virtual Result<void> record_event(const OutboxEvent& event) = 0;
  // The oldest `limit` events still in the outbox, by position. With several processes writing,
  // an event may commit after others of other keys with higher positions (read, and removed,
  // before it committed); within one key, positions follow commit order.
  virtual Result<std::vector<OutboxEvent>> outbox_pending(std::size_t limit) = 0;
  // Removes relayed events (by position); unknown positions are ignored.
  virtual Result<void> outbox_remove(const std::vector<std::int64_t>& positions) = 0;
};

// Account checks (see AccountEmail).
class AccountCheckStore {
 public:
  virtual ~AccountCheckStore() = default;
  // The names of the checks not finished yet.
  virtual Result<std::vector<std::string>> pending_account_checks() = 0;
  // Every account's id and email, by id.
  virtual Result<std::vector<AccountEmail>> account_emails() = 0;
  // In one transaction: marks `check` finished, makes each change whose account still has
  // `from` while no account has `to` (any other becomes a "collision" issue: an account
  // is never merged into another), and records `issues`. Does nothing when the check was
  // finished already (another process sharing the database ran it).
  virtual Result<FinishedCheck> finish_email_check(std::string_view check, const std::vector<EmailChange>& changes,
                                                   const std::vector<AccountIssue>& issues, TimeMs at) = 0;
  // Everything the checks found, in the order recorded.
  virtual Result<std::vector<AccountIssue>> account_issues() = 0;
};

// A backend: every part, over one database.
// Privacy settings (store/privacy.hpp).
class PrivacyStore {
 public:
  virtual ~PrivacyStore() = default;
  // The defaults for a user who never changed them; kNotFound: no such user.
  virtual Result<Privacy> privacy(std::string_view user_id) = 0;
  // Replaces them, exceptions in the order given (a user in both lists is in `never` only;
  // the user themself is left out); kNotFound: the user or one of the exceptions is not a user.
  virtual Result<Privacy> set_privacy(std::string_view user_id, const Privacy& privacy) = 0;
  // Every user whose settings are not the defaults, by id.
  virtual Result<std::vector<UserPrivacy>> privacy_not_default() = 0;
};

// Push subscriptions and notification settings (store/notifications.hpp).
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  // Stores a device's subscription. One with the same endpoint (of anyone: a browser profile
  // passed to another account) is replaced by it; beyond max_per_user of the user's, their
  // oldest go. Returns the stored one. kNotFound: no such user.
  virtual Result<PushSubscription> add_push_subscription(const PushSubscription& subscription,
                                                         std::size_t max_per_user) = 0;
  // kNotFound: the user has no subscription with that id.
  virtual Result<void> remove_push_subscription(std::string_view user_id, std::string_view id) = 0;
  // Removes the subscription with `endpoint` (the push service said it is gone, or its device
  // unsubscribed), of `user_id` only when that is not empty. Whether there was one.
  virtual Result<bool> remove_push_endpoint(std::string_view endpoint, std::string_view user_id) = 0;
  // A user's subscriptions, oldest first.
  virtual Result<std::vector<PushSubscription>> push_subscriptions(std::string_view user_id) = 0;
  // Every user who may be notified away from Parley: with at least one subscription, or with
  // email digests on; by id.
  virtual Result<std::vector<std::string>> notifiable_users() = 0;
  // A user's settings document ("{}" when never set) / replaces it (a JSON object text of at
  // most kMaxNotifySettingsBytes; kInvalid otherwise), with whether they get email digests.
  // kNotFound: no such user.
  virtual Result<std::string> notify_settings(std::string_view user_id) = 0;
  virtual Result<void> set_notify_settings(std::string_view user_id, std::string_view settings, bool emails) = 0;
  // How a chat notifies a user; the default (every message, not muted) removes the setting.
  // kNotFound: the user is not a participant of the chat.
  virtual Result<ChatNotify> set_chat_notify(std::string_view user_id, const ChatNotify& setting) = 0;
  // A user's chat settings that are not the default, by chat id.
  virtual Result<std::vector<ChatNotify>> chat_notify_of(std::string_view user_id) = 0;
  // The participants of `chat_id` but `sender_id` who have a push subscription or email digests
  // on, with their settings, by user id.
  virtual Result<std::vector<NotifyTarget>> notify_targets(std::string_view chat_id, std::string_view sender_id) = 0;
  // Keeps a notification held back on its channel (the same message twice on one channel is
  // kept once), and takes a user's of a channel held at `upto_at` or before: the latest first,
  // at most `limit` returned, all of them removed.
  virtual Result<void> hold_notification(const HeldNotification& held) = 0;
  virtual Result<std::vector<HeldNotification>> take_held(std::string_view user_id, std::string_view channel,
                                                          std::int64_t upto_at, std::size_t limit) = 0;
};

// Custom emoji (store/emoji.hpp).
class EmojiStore {
 public:
  virtual ~EmojiStore() = default;
  // kConflict: the shortcode is taken in that scope; kLimit: the scope holds `max_in_scope`.
  virtual Result<CustomEmoji> add_emoji(const CustomEmoji& emoji, std::size_t max_in_scope) = 0;
  // The emoji removed; kNotFound: no such shortcode in that scope.
  virtual Result<CustomEmoji> remove_emoji(std::string_view scope, std::string_view shortcode) = 0;
  // A scope's emoji by shortcode, without their images.
  virtual Result<std::vector<CustomEmoji>> emoji_in(std::string_view scope) = 0;
  // One emoji with its image; kNotFound: no such id.
  virtual Result<CustomEmoji> emoji_image(std::string_view id) = 0;
  // Whether `shortcode` is an emoji of `scope`.
  virtual Result<bool> has_emoji(std::string_view scope, std::string_view shortcode) = 0;
};

// Uploads, files and their blobs (store/files.hpp).
class FileStore {
 public:
  virtual ~FileStore() = default;
  virtual Result<Upload> create_upload(const Upload& upload) = 0;
  // An upload with its parts; kNotFound: none with that id (finished, removed or expired).
  virtual Result<Upload> upload(std::string_view id) = 0;
  // Adds a part at `offset`, returning the new offset. kConflict: the upload's offset is not
  // `offset` (another request added a part); kInvalid: the part would pass the length. A part
  // not added is the caller's to remove from the blob store.
  virtual Result<std::uint64_t> add_upload_part(std::string_view id, std::uint64_t offset, const UploadPart& part,
                                                TimeMs at) = 0;
  // Removes an upload (its parts to the garbage); kNotFound: none.
  virtual Result<void> remove_upload(std::string_view id, TimeMs at) = 0;
  // Ends upload `file.id` as `file`: the upload and its parts go (parts to the garbage), the
  // file is stored with its blobs, each kept once by content (a new blob whose SHA-256 is
  // stored already goes to the garbage). Returns the file with the blob ids kept. kNotFound:
  // no such upload.
  virtual Result<StoredFile> finish_upload(const StoredFile& file, TimeMs at) = 0;
  // kNotFound: no such file.
  virtual Result<StoredFile> file(std::string_view id) = 0;
  // Of `ids`, the files `user_id` may read: their own, and those of messages in chats they
  // are a participant of. In the order of `ids`, unknown ids left out.
  virtual Result<std::vector<StoredFile>> readable_files(std::string_view user_id,
                                                         const std::vector<std::string>& ids) = 0;
  virtual Result<FileUsage> file_usage(std::string_view user_id) = 0;
  // Removes uploads that expired at `now` and files never attached created before
  // `unattached_before`, at most `limit` of each; returns how many went.
  virtual Result<std::size_t> expire_files(TimeMs now, TimeMs unattached_before, std::size_t limit) = 0;
  // Blobs no longer used, oldest first: the caller removes them from the blob store and then
  // forgets them.
  virtual Result<std::vector<std::string>> blob_garbage(std::size_t limit) = 0;
  virtual Result<void> forget_blobs(const std::vector<std::string>& blob_ids) = 0;
};

// One message found by a search, and its place in the index: the cursor of the next page.
struct SearchHit {
  Message message;
  std::int64_t position = 0;
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;
  // The messages of the search the viewer may read, newest first (by index position).
  virtual Result<std::vector<SearchHit>> search_messages(const MessageSearch& search) = 0;
  // Indexes up to `limit` of the messages waiting since the index was made, oldest first.
  virtual Result<IndexProgress> index_pending_messages(std::size_t limit) = 0;
};

class Store : public UserStore,
              public ChatStore,
              public MessageStore,
              public LifecycleStore,
              public ThreadStore,
              public ReactionStore,
              public PrivacyStore,
              public NotificationStore,
              public EmojiStore,
              public FileStore,
              public SearchStore,
              public GroupStore,
              public PinStore,
              public OutboxStore,
              public AccountCheckStore {
 public:
  ~Store() override = default;

  // Health: kUnavailable when the database cannot answer.
  virtual Result<void> ping() = 0;

  // A setting every process on this database shares (the token signing secret of a cluster):
  // stores `value` under `name` unless a value is there already, and returns the stored one,
  // so that processes starting at once all end up with the first one written.
  virtual Result<std::string> shared_setting(std::string_view name, std::string_view value_if_absent) = 0;

  // Blocks (store/moderation.hpp), apart so that only what moderates is built against them.
  virtual ModerationStore& moderation() = 0;
  // Each person's settings documents (store/settings.hpp), apart for the same reason.
  virtual SettingsStore& settings() = 0;
  // Scheduled messages (store/schedules.hpp), apart for the same reason.
  virtual ScheduleStore& schedules() = 0;
  // Message templates and canned responses (store/templates.hpp), apart for the same reason.
  virtual TemplateStore& templates() = 0;
  // Data exports (store/exports.hpp), apart for the same reason.
  virtual ExportStore& exports() = 0;
};

}  // namespace parley::store
