// PostgresStore: messages and their delivery statuses (pins: postgres_pins.cpp).
#include "store/postgres/postgres_store_impl.hpp"

#include "store/mentions_text.hpp"
#include "store/new_message.hpp"
#include "store/outbox_events.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kMessageById =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS " FROM messages WHERE id = $1::text";
constexpr std::string_view kMessageByClientId =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE sender_id = $1::text AND client_message_id = $2::text";
// A page of history; of the timeline when the last parameter is true (thread replies only
// when also sent to the chat).
constexpr std::string_view kHistoryAfter =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE chat_id = $1::text AND seq > $2::bigint"
    " AND (NOT $4::boolean OR thread_root_id IS NULL OR also_to_chat) ORDER BY seq LIMIT $3::bigint";
constexpr std::string_view kHistoryBefore =
    "SELECT * FROM (SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE chat_id = $1::text AND seq < $2::bigint AND seq > $4::bigint"
    " AND (NOT $5::boolean OR thread_root_id IS NULL OR also_to_chat) ORDER BY seq DESC LIMIT $3::bigint) page "
    "ORDER BY seq";
// The chat's messages changed after $2 and at most at $3 (messages_changes), by change_seq.
constexpr std::string_view kChanged =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE chat_id = $1::text AND change_seq > $2::bigint AND change_seq <= $3::bigint "
    "ORDER BY change_seq LIMIT $4::bigint";
constexpr std::string_view kMessagesByIds =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS " FROM messages WHERE id = ANY ($1::text[])";

// One message in one statement: the earlier copy with the same client id, or the chat's next
// seq (the UPDATE takes the chat's row lock until COMMIT, so seq follows commit order), the
// message and its recipients' status rows. Returns one row (duplicate, in a group, columns...),
// or none when the chat does not exist.
constexpr std::string_view kAppend =
    "WITH prior AS ("
    " SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE sender_id = $3::text AND client_message_id = $6::text), "
    "chat AS ("
    " UPDATE chats SET last_seq = last_seq + 1, updated_at = $5::bigint"
    " WHERE id = $2::text AND NOT EXISTS (SELECT 1 FROM prior) RETURNING last_seq, kind), "
    "stored AS ("
    " INSERT INTO messages (id, chat_id, sender_id, content, seq, created_at, client_message_id, status,"
    " forwarded_from_id, original_sender_id, kind, system, reply_to_id, quote, thread_root_id, also_to_chat,"
    " attachments, mentions)"
    " SELECT $1::text, $2::text, $3::text, $4::text, chat.last_seq, $5::bigint, $6::text, $10::smallint, $7::text,"
    " $8::text, $12::text, $13::text, $14::text, $15::text, $16::text, $17::boolean, $18::jsonb, $21::text FROM chat "
    "RETURNING " PARLEY_POSTGRES_MESSAGE_COLUMNS
    "), "
    "statuses AS ("
    " INSERT INTO message_status (message_id, user_id, chat_id, seq, status, updated_at)"
    " SELECT stored.id, r.user_id, stored.chat_id, stored.seq, r.status, stored.created_at"
    " FROM stored, unnest($9::text[], $11::smallint[]) AS r (user_id, status)), "
    "indexed AS ("
    " INSERT INTO message_search (message_id, chat_id, seq, sender_id, created_at, flags, body)"
    " SELECT stored.id, stored.chat_id, stored.seq, stored.sender_id, stored.created_at, $20::integer, $19::text"
    " FROM stored WHERE $19::text IS NOT NULL) "
    "SELECT false, (SELECT c.kind = 'group' FROM chat c), " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM stored "
    "UNION ALL SELECT true, false, " PARLEY_POSTGRES_MESSAGE_COLUMNS " FROM prior";

// Many messages in one statement, each as kAppend stores it: the input arrays are unnested
// with their position (ord); a message whose (sender, client id) is stored already returns
// that copy; the others take consecutive seqs per chat (each chat's row updated once, by the
// number of its new messages) with their first status ($11), kind and system object ($13, $14)
// and what they answer, quote and continue ($15 to $18: reply_to_id, quote, thread_root_id,
// also_to_chat), and get the status rows of their recipients ($9, $10, $12: message id, user
// id and first status). Returns (ord, duplicate, in a group, columns...) for each message
// stored or found; a message of an unknown chat has no row.
constexpr std::string_view kAppendMany =
    "WITH input AS ("
    " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],"
    " $8::text[], $11::smallint[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::boolean[],"
    " $19::text[], $20::integer[], $21::text[])"
    " WITH ORDINALITY AS i (id, chat_id, sender_id, content, created_at, client_message_id, forwarded_from_id,"
    " original_sender_id, status, kind, system, reply_to_id, quote, thread_root_id, also_to_chat, search_body,"
    " search_flags, mentions, ord)), "
    "prior AS ("
    " SELECT i.ord, " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m")
    " FROM input i JOIN messages m ON m.sender_id = i.sender_id AND m.client_message_id = i.client_message_id), "
    "fresh AS ("
    " SELECT i.*, row_number() OVER (PARTITION BY i.chat_id ORDER BY i.ord) AS k"
    " FROM input i WHERE NOT EXISTS (SELECT 1 FROM prior p WHERE p.ord = i.ord)), "
    "counts AS (SELECT chat_id, count(*) AS n, max(created_at) AS at FROM fresh GROUP BY chat_id), "
    "chat AS ("
    " UPDATE chats c SET last_seq = c.last_seq + counts.n, updated_at = counts.at"
    " FROM counts WHERE c.id = counts.chat_id RETURNING c.id, c.last_seq - counts.n AS base, c.kind), "
    "stored AS ("
    " INSERT INTO messages (id, chat_id, sender_id, content, seq, created_at, client_message_id, status,"
    " forwarded_from_id, original_sender_id, kind, system, reply_to_id, quote, thread_root_id, also_to_chat,"
    " mentions)"
    " SELECT f.id, f.chat_id, f.sender_id, f.content, chat.base + f.k, f.created_at, f.client_message_id, f.status,"
    " f.forwarded_from_id, f.original_sender_id, f.kind, f.system, f.reply_to_id, f.quote, f.thread_root_id,"
    " f.also_to_chat, f.mentions"
    " FROM fresh f JOIN chat ON chat.id = f.chat_id RETURNING " PARLEY_POSTGRES_MESSAGE_COLUMNS
    "), "
    "statuses AS ("
    " INSERT INTO message_status (message_id, user_id, chat_id, seq, status, updated_at)"
    " SELECT s.id, r.user_id, s.chat_id, s.seq, r.status, s.created_at"
    " FROM stored s JOIN unnest($9::text[], $10::text[], $12::smallint[]) AS r (message_id, user_id, status)"
    " ON r.message_id = s.id), "
    "indexed AS ("
    " INSERT INTO message_search (message_id, chat_id, seq, sender_id, created_at, flags, body)"
    " SELECT s.id, s.chat_id, s.seq, s.sender_id, s.created_at, i.search_flags, i.search_body"
    " FROM stored s JOIN input i ON i.id = s.id WHERE i.search_body IS NOT NULL) "
    "SELECT i.ord, false, chat.kind = 'group', " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("s")
    " FROM stored s JOIN input i ON i.id = s.id JOIN chat ON chat.id = s.chat_id "
    "UNION ALL SELECT ord, true, false, " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("prior") " FROM prior";

constexpr std::string_view kChatExists = "SELECT 1 FROM chats WHERE id = $1::text";
constexpr std::string_view kPositionOf = "SELECT chat_id, seq FROM messages WHERE id = $1::text";

// Raises the recipient rows of several messages at once. The messages' rows are locked first
// (in id order), so that concurrent raises of one message compute its aggregate in turn.
// A read by a recipient with read receipts off is quiet (store/privacy.hpp).
constexpr std::string_view kRaise =
    "UPDATE message_status s SET status = $3::smallint, updated_at = $4::bigint, quiet = ($3::smallint = 2 AND "
    "EXISTS (SELECT 1 FROM user_privacy WHERE user_id = $2::text AND NOT read_receipts)) "
    "FROM (SELECT id, chat_id, sender_id FROM messages WHERE id = ANY ($1::text[]) ORDER BY id FOR NO KEY UPDATE) m "
    "WHERE s.message_id = m.id AND s.user_id = $2::text AND s.status < $3::smallint "
    "RETURNING m.id, m.chat_id, m.sender_id, s.quiet";
constexpr std::string_view kAggregate =
    "UPDATE messages m SET status = (SELECT MIN(CASE WHEN s.quiet THEN 1 ELSE s.status END) FROM message_status s "
    "WHERE s.message_id = m.id) WHERE m.id = ANY ($1::text[]) RETURNING m.id, m.status";
constexpr std::string_view kQuietReads =
    "SELECT message_id FROM message_status WHERE user_id = $1::text AND chat_id = $2::text AND status = 2 "
    "AND seq BETWEEN $3::bigint AND $4::bigint AND quiet ORDER BY seq";
constexpr std::string_view kBelowUpTo =
    "SELECT message_id FROM message_status "
    "WHERE user_id = $1::text AND chat_id = $2::text AND status < $3::smallint AND seq <= $4::bigint ORDER BY seq";
constexpr std::string_view kAnyBelowUpTo =
    "SELECT 1 FROM message_status "
    "WHERE user_id = $1::text AND chat_id = $2::text AND status < $3::smallint AND seq <= $4::bigint LIMIT 1";

constexpr std::string_view kSavepointAll = "SAVEPOINT messages";
constexpr std::string_view kReleaseAll = "RELEASE messages";
constexpr std::string_view kRollbackToAll = "ROLLBACK TO messages";
constexpr std::string_view kSavepoint = "SAVEPOINT message";
constexpr std::string_view kRelease = "RELEASE message";
constexpr std::string_view kRollbackTo = "ROLLBACK TO message";

Status status_of(std::int64_t value) {
  return static_cast<Status>(std::clamp<std::int64_t>(value, 0, static_cast<std::int64_t>(Status::kRead)));
}

}  // namespace

Message read_message(const Rows& r, int row, int first) {
  Message m;
  m.id = r.text(row, first);
  m.chat_id = r.text(row, first + 1);
  m.sender_id = r.text(row, first + 2);
  m.content = r.text(row, first + 3);
  m.seq = r.int64(row, first + 4);
  m.created_at = r.int64(row, first + 5);
  m.client_message_id = r.optional_text(row, first + 6);
  m.status = status_of(r.int64(row, first + 7));
  m.pinned_at = r.optional_int64(row, first + 8);
  m.pinned_by = r.optional_text(row, first + 9);
  m.forwarded_from_id = r.optional_text(row, first + 10);
  m.original_sender_id = r.optional_text(row, first + 11);
  m.kind = r.text(row, first + 12);
  m.system = r.optional_text(row, first + 13);
  m.edited_at = r.optional_int64(row, first + 14);
  m.edit_count = r.int64(row, first + 15);
  m.deleted_at = r.optional_int64(row, first + 16);
  m.deleted_by = r.optional_text(row, first + 17);
  m.change_seq = r.int64(row, first + 18);
  m.reply_to_id = r.optional_text(row, first + 19);
  m.quote = r.optional_text(row, first + 20);
  m.thread_root_id = r.optional_text(row, first + 21);
  m.also_to_chat = r.boolean(row, first + 22);
  m.thread_count = r.int64(row, first + 23);
  m.thread_last_at = r.optional_int64(row, first + 24);
  m.thread_participants = r.text_array(row, first + 25);
  m.reactions = decode_reactions(r.text(row, first + 26));
  m.attachments = r.optional_text(row, first + 27);
  if (auto mentions = r.optional_text(row, first + 28)) m.mentions = mentions_from(*mentions);
  return m;
}

Result<std::vector<Message>> read_messages(const Reply& reply) {
  if (!reply) return fail(errc_of(reply));
  std::vector<Message> messages;
  for (int i = 0; i < reply->size(); ++i) messages.push_back(read_message(*reply, i));
  return messages;
}

Result<Message> load_message(Connection& db, std::string_view id) {
  auto r = db.query(kMessageById, Params(id));
  if (!r) return fail(errc_of(r));
  if (r->empty()) return fail(Errc::kNotFound);
  return read_message(*r, 0);
}

Result<std::vector<Message>> messages_by_ids(Connection& db, const std::vector<std::string>& ids) {
  return read_messages(db.query(kMessagesByIds, Params(ids), Plan::kEachTime));
}

Result<std::vector<Message>> changed_messages(Connection& db, std::string_view chat_id, std::int64_t since,
                                              std::int64_t until, std::size_t limit) {
  return read_messages(db.query(kChanged, Params(chat_id, since, until, static_cast<std::int64_t>(limit))));
}

namespace {

Result<void> chat_exists(Connection& db, std::string_view id) {
  auto r = db.query(kChatExists, Params(id));
  if (!r) return fail(errc_of(r));
  if (r->empty()) return fail(Errc::kNotFound);
  return {};
}

// Only a thread reply can also be sent to the chat.
const char* also_to_chat(const NewMessage& m) { return m.thread_root_id && m.also_to_chat ? "true" : "false"; }

// The stored message of a (sender, client id) that another process committed first.
Result<Appended> stored_copy(Connection& db, const NewMessage& m) {
  auto r = db.query(kMessageByClientId, Params(m.sender_id, *m.client_message_id));
  if (!r) return fail(errc_of(r));
  if (r->empty()) return fail(Errc::kConflict);
  return Appended{read_message(*r, 0), true, {}, {}};
}

Result<Appended> insert_message(Connection& db, const NewMessage& m) {
  const FirstStatuses first = first_statuses(m);
  std::vector<std::string> users;
  std::vector<std::int64_t> statuses;
  for (const auto& [user, status] : first.rows) {
    users.push_back(user);
    statuses.push_back(static_cast<std::int64_t>(status));
  }
  auto r = db.query(kAppend, Params(m.id, m.chat_id, m.sender_id, m.content, m.created_at, m.client_message_id,
                                    m.forwarded_from_id, m.original_sender_id, users, first.aggregate, statuses, m.kind,
                                    m.system, m.reply_to_id, m.quote, m.thread_root_id, also_to_chat(m), m.attachments,
                                    search_body_of(m), search_flags_of(m), mentions_text(m.mentions)));
  if (!r) return fail(errc_of(r));
  if (r->empty()) return fail(Errc::kNotFound);  // no such chat
  Appended appended{read_message(*r, 0, 2), r->boolean(0, 0), {}, {}};
  if (!appended.duplicate && !m.file_ids.empty()) {
    if (auto attached = attach_files(db, appended.message, m.file_ids); !attached) return fail(attached.error());
  }
  if (auto threaded = add_to_threads(db, {&appended}); !threaded) return fail(threaded.error());
  if (!appended.duplicate) appended.delivered = delivered_changes(appended.message, first);
  if (!appended.duplicate && r->boolean(0, 1)) raise_senders(db, {&appended.message});
  return appended;
}

// Status changes in the order of `ids` (each once), from the rows of kRaise and kAggregate.
std::vector<StatusChange> changes_in_order(const std::vector<std::string>& ids, const Rows& raised,
                                           const Rows& aggregates, std::string_view user_id, Status status, TimeMs at) {
  std::unordered_map<std::string, StatusChange> by_id;
  for (int i = 0; i < raised.size(); ++i) {
    StatusChange change;
    change.message_id = raised.text(i, 0);
    change.chat_id = raised.text(i, 1);
    change.sender_id = raised.text(i, 2);
    change.user_id = std::string(user_id);
    change.status = raised.boolean(i, 3) ? Status::kDelivered : status;  // a quiet read
    change.at = at;
    by_id.emplace(change.message_id, std::move(change));
  }
  for (int i = 0; i < aggregates.size(); ++i) {
    if (auto it = by_id.find(aggregates.text(i, 0)); it != by_id.end()) {
      it->second.aggregate = status_of(aggregates.int64(i, 1));
    }
  }
  std::vector<StatusChange> changes;
  for (const auto& id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) {
      changes.push_back(std::move(it->second));
      by_id.erase(it);
    }
  }
  return changes;
}

}  // namespace

// One message in its own savepoint, so that a failure leaves the others of the call stored.
Result<Appended> PostgresStore::append_one(Connection& db, const NewMessage& m) const {
  db.defer(kSavepoint);
  auto result = insert_message(db, m);
  if (db.lost() || db.broken()) return fail(Errc::kUnavailable);  // the writer abandons the batch
  if (!result) {
    const bool raced = m.client_message_id && db.last_constraint() == "messages_client_id";
    if (!db.query(kRollbackTo)) return fail(Errc::kUnavailable);
    db.defer(kRelease);
    // Another process stored the same (sender, client id) first: return its message.
    if (raced) return stored_copy(db, m);
    return result;
  }
  db.defer(kRelease);
  if (!result->duplicate) {
    write_event(db, outbox::message_created(result->message));
    for (const auto& change : result->delivered) write_event(db, outbox::status_changed(change));
  }
  return result;
}

std::optional<std::vector<Result<Appended>>> PostgresStore::append_together(
    Connection& db, const std::vector<NewMessage>& messages) const {
  // Two messages with one (sender, client id): the second must return the first, which one
  // statement cannot see. Rare (a client's retry within one batch): one by one.
  std::set<std::pair<std::string_view, std::string_view>> client_ids;
  std::vector<std::string> ids, chats, senders, contents, status_messages, status_users;
  std::vector<std::int64_t> times, aggregates, first_status;
  std::vector<std::string> kinds, to_chat;
  std::vector<std::optional<std::string>> client, forwarded, original, systems, reply_to, quotes, roots, bodies,
      mentions;
  std::vector<std::int64_t> search_flags;
  std::vector<FirstStatuses> firsts;
  for (const auto& m : messages) {
    if (m.client_message_id && !client_ids.emplace(m.sender_id, *m.client_message_id).second) return std::nullopt;
    if (!m.file_ids.empty()) return std::nullopt;  // files: one by one (rare next to text)
    firsts.push_back(first_statuses(m));
    aggregates.push_back(static_cast<std::int64_t>(firsts.back().aggregate));
    for (const auto& [user, status] : firsts.back().rows) {
      status_messages.push_back(m.id);
      status_users.push_back(user);
      first_status.push_back(static_cast<std::int64_t>(status));
    }
    ids.push_back(m.id);
    chats.push_back(m.chat_id);
    senders.push_back(m.sender_id);
    contents.push_back(m.content);
    times.push_back(m.created_at);
    client.push_back(m.client_message_id);
    forwarded.push_back(m.forwarded_from_id);
    original.push_back(m.original_sender_id);
    kinds.push_back(m.kind);
    systems.push_back(m.system);
    reply_to.push_back(m.reply_to_id);
    quotes.push_back(m.quote);
    roots.push_back(m.thread_root_id);
    to_chat.emplace_back(also_to_chat(m));
    bodies.push_back(search_body_of(m));
    search_flags.push_back(search_flags_of(m));
    mentions.push_back(mentions_text(m.mentions));
  }
  db.defer(kSavepointAll);
  auto r = db.query(kAppendMany, Params(ids, chats, senders, contents, times, client, forwarded, original,
                                        status_messages, status_users, aggregates, first_status, kinds, systems,
                                        reply_to, quotes, roots, to_chat, bodies, search_flags, mentions));
  const std::vector<Result<Appended>> unavailable(messages.size(), fail(Errc::kUnavailable));
  if (db.lost() || db.broken()) return unavailable;
  std::vector<Result<Appended>> results = unavailable;
  // A failure (an unknown sender, another process storing the same client id first), a
  // message without a row (an unknown chat) or a thread reply without its root in its chat:
  // undo, and store them one by one.
  const auto undo = [&]() -> std::optional<std::vector<Result<Appended>>> {
    if (db.lost() || db.broken() || !db.query(kRollbackToAll)) return unavailable;
    db.defer(kReleaseAll);
    return std::nullopt;
  };
  if (!r || static_cast<std::size_t>(r->size()) != messages.size()) return undo();
  std::vector<const Message*> in_groups;  // new messages of groups
  for (int row = 0; row < r->size(); ++row) {
    const auto ord = static_cast<std::size_t>(r->int64(row, 0));
    if (ord < 1 || ord > messages.size()) continue;
    Appended appended{read_message(*r, row, 3), r->boolean(row, 1), {}, {}};
    if (!appended.duplicate) appended.delivered = delivered_changes(appended.message, firsts[ord - 1]);
    results[ord - 1] = std::move(appended);
    if (!results[ord - 1]->duplicate && r->boolean(row, 2)) in_groups.push_back(&results[ord - 1]->message);
  }
  std::vector<Appended*> appended;
  for (auto& result : results) {
    if (result) appended.push_back(&*result);
  }
  if (!add_to_threads(db, appended)) return undo();
  db.defer(kReleaseAll);
  raise_senders(db, in_groups);
  for (const auto& result : results) {
    if (!result || result->duplicate) continue;
    write_event(db, outbox::message_created(result->message));
    for (const auto& change : result->delivered) write_event(db, outbox::status_changed(change));
  }
  return results;
}

Result<std::vector<Result<Appended>>> PostgresStore::store_messages(Connection& db,
                                                                    const std::vector<NewMessage>& messages) const {
  if (messages.size() > 1) {
    if (auto together = append_together(db, messages)) {
      if (db.lost() || db.broken()) return fail(Errc::kUnavailable);
      return std::move(*together);
    }
  }
  std::vector<Result<Appended>> results;
  results.reserve(messages.size());
  for (const auto& m : messages) {
    results.push_back(append_one(db, m));
    if (db.lost() || db.broken()) return fail(Errc::kUnavailable);
  }
  return results;
}

std::vector<Result<Appended>> PostgresStore::append_messages(const std::vector<NewMessage>& messages) {
  return appends_.append(messages);
}

Result<Message> PostgresStore::message_by_id(std::string_view id) {
  return read([&](Connection& db) { return load_message(db, id); });
}

Result<std::vector<Message>> PostgresStore::history(std::string_view chat_id, const HistoryQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::min(query.limit, kMaxHistoryLimit));
  const char* timeline = query.timeline ? "true" : "false";
  return read([&](Connection& db) -> Result<std::vector<Message>> {
    if (auto r = chat_exists(db, chat_id); !r) return fail(r.error());
    // A member's view starts after visible_after_seq, whatever the query asks.
    if (query.after_seq) {
      return read_messages(db.query(
          kHistoryAfter, Params(chat_id, std::max(*query.after_seq, query.visible_after_seq), limit, timeline)));
    }
    std::int64_t before = std::numeric_limits<std::int64_t>::max();
    if (query.before_id) {
      auto r = db.query(kPositionOf, Params(*query.before_id));
      if (!r) return fail(errc_of(r));
      if (r->empty() || r->text(0, 0) != chat_id) return fail(Errc::kNotFound);  // not a message of this chat
      before = r->int64(0, 1);
    }
    return read_messages(db.query(kHistoryBefore, Params(chat_id, before, limit, query.visible_after_seq, timeline)));
  });
}

Result<std::vector<StatusChange>> PostgresStore::raise_all(Connection& db, std::string_view user_id,
                                                           const std::vector<std::string>& ids, Status status,
                                                           TimeMs at) const {
  if (ids.empty()) return std::vector<StatusChange>();
  auto raised = db.query(kRaise, Params(ids, user_id, status, at), Plan::kEachTime);
  if (!raised) return fail(errc_of(raised));
  if (raised->empty()) return std::vector<StatusChange>();
  std::vector<std::string> changed;
  for (int i = 0; i < raised->size(); ++i) changed.push_back(raised->text(i, 0));
  auto aggregates = db.query(kAggregate, Params(changed), Plan::kEachTime);
  if (!aggregates) return fail(errc_of(aggregates));
  auto changes = changes_in_order(ids, *raised, *aggregates, user_id, status, at);
  for (const auto& change : changes) write_event(db, outbox::status_changed(change));
  return changes;
}

Result<std::vector<StatusChange>> PostgresStore::raise_status(std::string_view user_id,
                                                              const std::vector<std::string>& message_ids,
                                                              Status status, TimeMs at) {
  if (message_ids.empty() || status == Status::kSent) return std::vector<StatusChange>();
  // Locks the messages' chats: it changes the messages' rows and their recipients', and writes
  // events keyed by those chats.
  return write<std::vector<StatusChange>>(
      lock_chats_of(message_ids), [&](Connection& db) { return raise_all(db, user_id, message_ids, status, at); });
}

Result<std::vector<StatusChange>> PostgresStore::raise_status_up_to(std::string_view user_id, std::string_view chat_id,
                                                                    std::int64_t up_to_seq, Status status, TimeMs at) {
  // Read first: a call with nothing to raise (joining a chat already delivered) queues no write.
  auto any = read([&](Connection& db) -> Result<bool> {
    if (auto r = chat_exists(db, chat_id); !r) return fail(r.error());
    auto below = db.query(kAnyBelowUpTo, Params(user_id, chat_id, status, up_to_seq));
    if (!below) return fail(errc_of(below));
    return !below->empty();
  });
  if (!any) return fail(any.error());
  if (!*any) return std::vector<StatusChange>();
  return write<std::vector<StatusChange>>(
      lock_names({lock_key(chat_id)}), [&](Connection& db) -> Result<std::vector<StatusChange>> {
        if (auto r = chat_exists(db, chat_id); !r) return fail(r.error());
        auto below = db.query(kBelowUpTo, Params(user_id, chat_id, status, up_to_seq));
        if (!below) return fail(errc_of(below));
        std::vector<std::string> ids;
        for (int i = 0; i < below->size(); ++i) ids.push_back(below->text(i, 0));
        return raise_all(db, user_id, ids, status, at);
      });
}

Result<std::vector<std::string>> PostgresStore::quiet_reads(std::string_view user_id, std::string_view chat_id,
                                                            std::int64_t from_seq, std::int64_t to_seq) {
  return read([&](Connection& db) -> Result<std::vector<std::string>> {
    auto r = db.query(kQuietReads, Params(user_id, chat_id, from_seq, to_seq));
    if (!r) return fail(errc_of(r));
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

}  // namespace parley::store::postgres
