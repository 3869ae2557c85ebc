// SqliteStore: messages, delivery statuses and pins. See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

#include "store/mentions_text.hpp"
#include "store/new_message.hpp"
#include "store/outbox_events.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kMessageById = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS " FROM messages WHERE id = ?1";
constexpr std::string_view kMessageByClientId =
    "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS " FROM messages WHERE sender_id = ?1 AND client_message_id = ?2";
constexpr std::string_view kHistoryAfter =
    "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
constexpr std::string_view kHistoryBefore = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                            " FROM messages WHERE chat_id = ?1 AND seq < ?2 AND seq > ?4 "
                                            "ORDER BY seq DESC LIMIT ?3";
// The same two for the timeline: thread replies only when also sent to the chat.
constexpr std::string_view kTimelineAfter = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                            " FROM messages WHERE chat_id = ?1 AND seq > ?2 "
                                            "AND (thread_root_id IS NULL OR also_to_chat = 1) ORDER BY seq LIMIT ?3";
constexpr std::string_view kTimelineBefore = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                             " FROM messages WHERE chat_id = ?1 AND seq < ?2 AND seq > ?4 "
                                             "AND (thread_root_id IS NULL OR also_to_chat = 1) "
                                             "ORDER BY seq DESC LIMIT ?3";
constexpr std::string_view kChanged = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                      " FROM messages WHERE chat_id = ?1 AND change_seq > ?2 "
                                      "ORDER BY change_seq LIMIT ?3";
constexpr std::string_view kPinned = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                     " FROM messages WHERE chat_id = ?1 AND pinned_at IS NOT NULL "
                                     "ORDER BY pinned_at, seq";

constexpr std::string_view kPositionOf = "SELECT chat_id, seq FROM messages WHERE id = ?1";
// The chat's next seq, taken in the same transaction as the message row.
constexpr std::string_view kNextSeq =
    "UPDATE chats SET last_seq = last_seq + 1, updated_at = ?2 WHERE id = ?1 RETURNING last_seq, kind";
constexpr std::string_view kInsertMessage =
    "INSERT INTO messages (id, chat_id, sender_id, content, seq, created_at, client_message_id, status, "
    "forwarded_from_id, original_sender_id, kind, system, reply_to_id, quote, thread_root_id, also_to_chat, "
    "attachments, mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10, ?8, ?9, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
// A thread's root after a reply: its summary and change_seq; the reply's sender follows the
// thread (again), with everything up to their reply read; the root's author follows it from
// its first reply on, having read nothing of it.
constexpr std::string_view kThreadSummary =
    "UPDATE messages SET thread_count = thread_count + 1, thread_last_at = ?2, thread_participants = ?3, "
    "change_seq = ?4 WHERE id = ?1";
constexpr std::string_view kFollowAsReplier =
    "INSERT INTO thread_follows (user_id, root_id, chat_id, read_seq, following, followed_at) "
    "VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT (user_id, root_id) DO UPDATE SET following = 1, "
    "read_seq = MAX(read_seq, excluded.read_seq)";
constexpr std::string_view kFollowAsAuthor =
    "INSERT INTO thread_follows (user_id, root_id, chat_id, read_seq, following, followed_at) "
    "VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT (user_id, root_id) DO NOTHING";
constexpr std::string_view kInsertStatus =
    "INSERT INTO message_status (message_id, user_id, chat_id, seq, status, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?6, ?5)";

// A read by a recipient with read receipts off is quiet (store/privacy.hpp).
constexpr std::string_view kRaiseStatus =
    "UPDATE message_status SET status = ?3, updated_at = ?4, quiet = CASE WHEN ?3 = 2 AND EXISTS "
    "(SELECT 1 FROM user_privacy WHERE user_id = ?2 AND read_receipts = 0) THEN 1 ELSE 0 END "
    "WHERE message_id = ?1 AND user_id = ?2 AND status < ?3 RETURNING chat_id, quiet";
constexpr std::string_view kUpdateAggregate =
    "UPDATE messages SET status = (SELECT MIN(CASE WHEN quiet = 1 THEN 1 ELSE status END) FROM message_status "
    "WHERE message_id = ?1) WHERE id = ?1 RETURNING sender_id, status";
constexpr std::string_view kQuietReads =
    "SELECT message_id FROM message_status WHERE user_id = ?1 AND chat_id = ?2 AND status = 2 "
    "AND seq BETWEEN ?3 AND ?4 AND quiet = 1 ORDER BY seq";
constexpr std::string_view kBelowUpTo =
    "SELECT message_id FROM message_status "
    "WHERE user_id = ?1 AND chat_id = ?2 AND status < ?3 AND seq <= ?4 ORDER BY seq";
constexpr std::string_view kAnyBelowUpTo =
    "SELECT 1 FROM message_status WHERE user_id = ?1 AND chat_id = ?2 AND status < ?3 AND seq <= ?4 LIMIT 1";

constexpr std::string_view kCountPinned = "SELECT COUNT(*) FROM messages WHERE chat_id = ?1 AND pinned_at IS NOT NULL";
constexpr std::string_view kSetPin =
    "UPDATE messages SET pinned_at = ?2, pinned_by = ?3, change_seq = ?4 WHERE id = ?1";

constexpr std::string_view kSavepoint = "SAVEPOINT message";
constexpr std::string_view kRelease = "RELEASE message";
constexpr std::string_view kSavepointAll = "SAVEPOINT messages";
constexpr std::string_view kReleaseAll = "RELEASE messages";
constexpr std::string_view kRollbackToAll = "ROLLBACK TO messages";
constexpr std::string_view kRollbackTo = "ROLLBACK TO message";

Errc missing(const Query& q) { return q.failed() ? q.error() : Errc::kNotFound; }

std::vector<std::string> split_participants(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) out.emplace_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

std::string join_participants(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ' ';
    out += id;
  }
  return out;
}

// The root of the thread `reply` (just stored) answers, with its summary updated and the
// followers' rows written.
Result<Message> add_to_thread(Connection& db, const Message& reply) {
  auto root = load_message(db, *reply.thread_root_id);
  if (!root) return fail(root.error());
  if (root->chat_id != reply.chat_id) return fail(Errc::kInvalid);
  root->thread_participants = thread_participants_after(root->thread_participants, reply.sender_id);
  root->thread_count += 1;
  root->thread_last_at = reply.created_at;
  auto change = next_change(db, root->chat_id);
  if (!change) return fail(change.error());
  root->change_seq = *change;
  {
    Query q(db, kThreadSummary);
    q.bind(root->id, reply.created_at, join_participants(root->thread_participants), *change);
    if (auto r = q.run(); !r) return fail(r.error());
  }
  {
    Query q(db, kFollowAsReplier);
    q.bind(reply.sender_id, root->id, root->chat_id, reply.seq, reply.created_at);
    if (auto r = q.run(); !r) return fail(r.error());
  }
  if (root->kind == "text" && root->sender_id != reply.sender_id) {
    Query q(db, kFollowAsAuthor);
    q.bind(root->sender_id, root->id, root->chat_id, root->seq, reply.created_at);
    if (auto r = q.run(); !r) return fail(r.error());
  }
  return root;
}

bool exec(Connection& db, std::string_view sql) {
  Query q(db, sql);
  return q.run().ok();
}

Status status_of(std::int64_t value) {
  return static_cast<Status>(std::clamp<std::int64_t>(value, 0, static_cast<std::int64_t>(Status::kRead)));
}

}  // namespace

Message read_message(const Query& q) {
  Message m;
  m.id = q.text(0);
  m.chat_id = q.text(1);
  m.sender_id = q.text(2);
  m.content = q.text(3);
  m.seq = q.int64(4);
  m.created_at = q.int64(5);
  m.client_message_id = q.optional_text(6);
  m.status = status_of(q.int64(7));
  m.pinned_at = q.optional_int64(8);
  m.pinned_by = q.optional_text(9);
  m.forwarded_from_id = q.optional_text(10);
  m.original_sender_id = q.optional_text(11);
  m.kind = q.text(12);
  m.system = q.optional_text(13);
  m.edited_at = q.optional_int64(14);
  m.edit_count = q.int64(15);
  m.deleted_at = q.optional_int64(16);
  m.deleted_by = q.optional_text(17);
  m.change_seq = q.int64(18);
  m.reply_to_id = q.optional_text(19);
  m.quote = q.optional_text(20);
  m.thread_root_id = q.optional_text(21);
  m.also_to_chat = q.int64(22) != 0;
  m.thread_count = q.int64(23);
  m.thread_last_at = q.optional_int64(24);
  m.thread_participants = split_participants(q.text(25));
  m.reactions = decode_reactions(q.text(26));
  m.attachments = q.optional_text(27);
  if (auto mentions = q.optional_text(28)) m.mentions = mentions_from(*mentions);
  return m;
}

Result<Message> load_message(Connection& db, std::string_view id) {
  Query q(db, kMessageById);
  q.bind(id);
  if (!q.next()) return fail(missing(q));
  return read_message(q);
}

Result<std::vector<Message>> changed_messages(Connection& db, std::string_view chat_id, std::int64_t since,
                                              std::size_t limit) {
  Query q(db, kChanged);
  q.bind(chat_id, since, static_cast<std::int64_t>(limit));
  return read_messages(q);
}

Result<std::vector<Message>> read_messages(Query& q) {
  std::vector<Message> messages;
  while (q.next()) messages.push_back(read_message(q));
  if (q.failed()) return fail(q.error());
  return messages;
}

Result<Appended> insert_message(Connection& db, const NewMessage& m, bool outbox) {
  if (m.client_message_id) {
    Query q(db, kMessageByClientId);
    q.bind(m.sender_id, *m.client_message_id);
    if (q.next()) return Appended{read_message(q), true, {}, {}};
    if (q.failed()) return fail(q.error());
  }
  Message message;
  bool group = false;
  {
    Query q(db, kNextSeq);
    q.bind(m.chat_id, m.created_at);
    if (!q.next()) return fail(missing(q));  // no such chat
    message.seq = q.int64(0);
    group = q.text(1) == "group";
  }
  if (group) {
    if (auto r = raise_sender_watermarks(db, m.chat_id, m.sender_id, message.seq, m.created_at); !r) {
      return fail(r.error());
    }
  }
  message.id = m.id;
  message.chat_id = m.chat_id;
  message.sender_id = m.sender_id;
  message.content = m.content;
  message.created_at = m.created_at;
  message.client_message_id = m.client_message_id;
  message.forwarded_from_id = m.forwarded_from_id;
  message.original_sender_id = m.original_sender_id;
  message.kind = m.kind;
  message.system = m.system;
  message.reply_to_id = m.reply_to_id;
  message.quote = m.quote;
  message.thread_root_id = m.thread_root_id;
  message.also_to_chat = m.thread_root_id && m.also_to_chat;
  message.attachments = m.attachments;
  message.mentions = m.mentions;
  const FirstStatuses first = first_statuses(m);
  message.status = first.aggregate;
  {
    Query q(db, kInsertMessage);
    q.bind(message.id, message.chat_id, message.sender_id, message.content, message.seq, message.created_at,
           message.client_message_id, message.forwarded_from_id, message.original_sender_id, message.status,
           message.kind, message.system, message.reply_to_id, message.quote, message.thread_root_id,
           message.also_to_chat ? 1 : 0, message.attachments, mentions_text(message.mentions));
    if (auto r = q.run(); !r) return fail(r.error());
  }
  if (auto r = attach_files(db, message, m.file_ids); !r) return fail(r.error());
  if (auto r = index_message(db, message); !r) return fail(r.error());
  std::optional<Message> root;
  if (message.thread_root_id) {
    auto r = add_to_thread(db, message);
    if (!r) return fail(r.error());
    root = std::move(*r);
  }
  for (const auto& [recipient, status] : first.rows) {
    Query q(db, kInsertStatus);
    if (auto r = q.bind(message.id, recipient, message.chat_id, message.seq, message.created_at, status).run(); !r) {
      return fail(r.error());
    }
  }
  if (auto r = add_event(outbox, db, [&] { return outbox::message_created(message); }); !r) return fail(r.error());
  Appended appended{std::move(message), false, {}, std::move(root)};
  appended.delivered = delivered_changes(appended.message, first);
  for (const auto& change : appended.delivered) {
    if (auto r = add_event(outbox, db, [&] { return outbox::status_changed(change); }); !r) return fail(r.error());
  }
  return appended;
}

namespace {

// One message in its own savepoint, so that a failure leaves the others of the call stored.
Result<Appended> append_one(Connection& db, const NewMessage& m, bool outbox) {
  if (!exec(db, kSavepoint)) return fail(Errc::kUnavailable);
  auto result = insert_message(db, m, outbox);
  if (!db.in_transaction()) return fail(Errc::kUnavailable);  // the writer fails the whole batch
  const bool closed = result.ok() ? exec(db, kRelease) : exec(db, kRollbackTo) && exec(db, kRelease);
  if (!closed) return fail(Errc::kUnavailable);
  return result;
}

// Raises one recipient row (writing its event with the outbox); nothing when the user is not a
// recipient or is already there.
Result<std::optional<StatusChange>> raise_one(Connection& db, std::string_view user_id, const std::string& message_id,
                                              Status status, TimeMs at, bool outbox) {
  StatusChange change;
  {
    Query q(db, kRaiseStatus);
    q.bind(message_id, user_id, status, at);
    if (!q.next()) {
      if (q.failed()) return fail(q.error());
      return std::optional<StatusChange>();
    }
    change.chat_id = q.text(0);
    if (q.int64(1) != 0) status = Status::kDelivered;  // a quiet read
  }
  {
    Query q(db, kUpdateAggregate);
    q.bind(message_id);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);  // a status row without message
    change.sender_id = q.text(0);
    change.aggregate = status_of(q.int64(1));
  }
  change.message_id = message_id;
  change.user_id = std::string(user_id);
  change.status = status;
  change.at = at;
  if (auto r = add_event(outbox, db, [&] { return outbox::status_changed(change); }); !r) return fail(r.error());
  return std::optional<StatusChange>(std::move(change));
}

Result<std::vector<StatusChange>> raise_all(Connection& db, std::string_view user_id,
                                            const std::vector<std::string>& message_ids, Status status, TimeMs at,
                                            bool outbox) {
  std::vector<StatusChange> changes;
  for (const auto& id : message_ids) {
    auto change = raise_one(db, user_id, id, status, at, outbox);
    if (!change) return fail(change.error());
    if (*change) changes.push_back(std::move(**change));
  }
  return changes;
}

// All of `messages` under one savepoint; nothing (and the transaction as it was) when one of
// them fails, and append_one then stores them one by one, each under its own.
std::optional<std::vector<Result<Appended>>> append_together(Connection& db, const std::vector<NewMessage>& messages,
                                                             bool outbox) {
  if (!exec(db, kSavepointAll)) return std::nullopt;
  std::vector<Result<Appended>> results;
  results.reserve(messages.size());
  for (const auto& m : messages) {
    auto r = insert_message(db, m, outbox);
    if (!r) {
      if (db.in_transaction()) exec(db, kRollbackToAll) && exec(db, kReleaseAll);
      return std::nullopt;
    }
    results.push_back(std::move(r));
  }
  if (!exec(db, kReleaseAll)) return std::nullopt;
  return results;
}

}  // namespace

Result<std::vector<Result<Appended>>> SqliteStore::store_messages(Connection& db,
                                                                  const std::vector<NewMessage>& messages) const {
  if (messages.size() > 1) {
    if (auto together = append_together(db, messages, outbox_)) return std::move(*together);
  }
  std::vector<Result<Appended>> results;
  results.reserve(messages.size());
  for (const auto& m : messages) {
    // Once SQLite has dropped the transaction (I/O error, disk full), stop: a later SAVEPOINT
    // would start a new transaction outside the batch. The writer fails the whole batch.
    if (!db.in_transaction()) return fail(Errc::kUnavailable);
    results.push_back(append_one(db, m, outbox_));
  }
  return results;
}

std::vector<Result<Appended>> SqliteStore::append_messages(const std::vector<NewMessage>& messages) {
  auto results = appends_.append(messages);
  if (search_indexer_) search_indexer_->poke();  // their text joins the trigram index soon
  return results;
}

Result<Message> SqliteStore::message_by_id(std::string_view id) {
  auto db = readers_->acquire();
  return load_message(*db, id);
}

Result<std::vector<Message>> SqliteStore::history(std::string_view chat_id, const HistoryQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::min(query.limit, kMaxHistoryLimit));
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  if (auto r = chat_exists(*db, chat_id); !r) return fail(r.error());
  if (query.after_seq) {
    Query q(*db, query.timeline ? kTimelineAfter : kHistoryAfter);
    q.bind(chat_id, std::max(*query.after_seq, query.visible_after_seq), limit);
    return read_messages(q);
  }
  std::int64_t before = std::numeric_limits<std::int64_t>::max();
  if (query.before_id) {
    Query q(*db, kPositionOf);
    q.bind(*query.before_id);
    if (!q.next()) return fail(missing(q));
    if (q.text(0) != chat_id) return fail(Errc::kNotFound);  // not a message of this chat
    before = q.int64(1);
  }
  Query q(*db, query.timeline ? kTimelineBefore : kHistoryBefore);
  q.bind(chat_id, before, limit, query.visible_after_seq);
  auto messages = read_messages(q);
  if (messages) std::reverse(messages->begin(), messages->end());  // newest first from SQL
  return messages;
}

Result<std::vector<StatusChange>> SqliteStore::raise_status(std::string_view user_id,
                                                            const std::vector<std::string>& message_ids, Status status,
                                                            TimeMs at) {
  if (message_ids.empty() || status == Status::kSent) return std::vector<StatusChange>();
  return write<std::vector<StatusChange>>(
      [&](Connection& db) { return raise_all(db, user_id, message_ids, status, at, outbox_); });
}

Result<std::vector<StatusChange>> SqliteStore::raise_status_up_to(std::string_view user_id, std::string_view chat_id,
                                                                  std::int64_t up_to_seq, Status status, TimeMs at) {
  // Read first: a call with nothing to raise (joining a chat already delivered) queues no write.
  {
    auto db = readers_->acquire();
    ReadTransaction tx(*db);
    if (!tx.ok()) return fail(Errc::kUnavailable);
    if (auto r = chat_exists(*db, chat_id); !r) return fail(r.error());
    Query q(*db, kAnyBelowUpTo);
    q.bind(user_id, chat_id, status, up_to_seq);
    if (!q.next()) {
      if (q.failed()) return fail(q.error());
      return std::vector<StatusChange>();
    }
  }
  return write<std::vector<StatusChange>>([&](Connection& db) -> Result<std::vector<StatusChange>> {
    if (auto r = chat_exists(db, chat_id); !r) return fail(r.error());
    std::vector<std::string> ids;
    {
      Query q(db, kBelowUpTo);
      q.bind(user_id, chat_id, status, up_to_seq);
      while (q.next()) ids.push_back(q.text(0));
      if (q.failed()) return fail(q.error());
    }
    return raise_all(db, user_id, ids, status, at, outbox_);
  });
}

Result<std::vector<std::string>> SqliteStore::quiet_reads(std::string_view user_id, std::string_view chat_id,
                                                          std::int64_t from_seq, std::int64_t to_seq) {
  auto db = readers_->acquire();
  Query q(*db, kQuietReads);
  q.bind(user_id, chat_id, from_seq, to_seq);
  std::vector<std::string> ids;
  while (q.next()) ids.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return ids;
}

Result<Message> SqliteStore::pin(std::string_view message_id, std::string_view by, TimeMs at, std::size_t max_pins) {
  return write<Message>([&](Connection& db) -> Result<Message> {
    auto message = load_message(db, message_id);
    if (!message || message->pinned_at) return message;  // unknown, or pinned already
    if (message->deleted_at) return fail(Errc::kInvalid);
    {
      Query q(db, kCountPinned);
      q.bind(message->chat_id);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      if (static_cast<std::uint64_t>(q.int64(0)) >= max_pins) return fail(Errc::kLimit);
    }
    auto change = next_change(db, message->chat_id);
    if (!change) return fail(change.error());
    Query q(db, kSetPin);
    if (auto r = q.bind(message_id, at, by, *change).run(); !r) return fail(r.error());
    message->change_seq = *change;
    message->pinned_at = at;
    message->pinned_by = std::string(by);
    if (auto r = add_event(outbox_, db, [&] { return outbox::message_pinned(*message, true, at); }); !r) {
      return fail(r.error());
    }
    return message;
  });
}

Result<Message> SqliteStore::unpin(std::string_view message_id) {
  return write<Message>([&](Connection& db) -> Result<Message> {
    auto message = load_message(db, message_id);
    if (!message || !message->pinned_at) return message;  // unknown, or not pinned
    auto change = next_change(db, message->chat_id);
    if (!change) return fail(change.error());
    Query q(db, kSetPin);
    if (auto r = q.bind(message_id, std::optional<std::int64_t>(), std::optional<std::string>(), *change).run(); !r) {
      return fail(r.error());
    }
    message->change_seq = *change;
    message->pinned_at.reset();
    message->pinned_by.reset();
    // unpin() takes no time from the caller: the event is stamped now.
    if (auto r = add_event(outbox_, db, [&] { return outbox::message_pinned(*message, false, util::now_ms()); }); !r) {
      return fail(r.error());
    }
    return message;
  });
}

Result<std::vector<Message>> SqliteStore::pinned(std::string_view chat_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  if (auto r = chat_exists(*db, chat_id); !r) return fail(r.error());
  Query q(*db, kPinned);
  q.bind(chat_id);
  return read_messages(q);
}

}  // namespace parley::store::sqlite
