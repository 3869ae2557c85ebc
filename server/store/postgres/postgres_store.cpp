// PostgresStore: opening, users, sessions, chats, the outbox and health. Messages are in
// postgres_messages.cpp, the directory in postgres_directory.cpp.
#include "store/postgres/postgres_store_impl.hpp"

#include "store/outbox_events.hpp"
#include "store/postgres/schema.hpp"
#include "util/text_fold.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

namespace parley::store {

std::unique_ptr<Store> open_postgres_store(const std::string& url, const PostgresOptions& options) {
  return std::make_unique<postgres::PostgresStore>(url, options);
}

}  // namespace parley::store

namespace parley::store::postgres {
namespace {

using util::fail;

// Users.
constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, email, name, password_hash, created_at, last_seen, name_key, email_key) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::bigint, $7::text, $8::text)";
constexpr std::string_view kUserById =
    "SELECT id, email, name, password_hash, created_at, last_seen FROM users WHERE id = $1::text";
constexpr std::string_view kUserByEmail =
    "SELECT id, email, name, password_hash, created_at, last_seen FROM users WHERE email = $1::text";
constexpr std::string_view kListUsers =
    "SELECT id, email, name, password_hash, created_at, last_seen FROM users ORDER BY name COLLATE \"C\", id";
constexpr std::string_view kSetLastSeen = "UPDATE users SET last_seen = $2::bigint WHERE id = $1::text";
constexpr std::string_view kSetUserName = "UPDATE users SET name = $2::text, name_key = $3::text WHERE id = $1::text";
constexpr std::string_view kContactsOf =
    "SELECT u.id, u.email, u.name, u.password_hash, u.created_at, u.last_seen FROM users u "
    "WHERE u.id IN (SELECT o.user_id FROM chat_participants me "
    "JOIN chats c ON c.id = me.chat_id AND c.kind = 'private' "
    "JOIN chat_participants o ON o.chat_id = me.chat_id AND o.user_id <> me.user_id WHERE me.user_id = $1::text) "
    "ORDER BY u.name COLLATE \"C\", u.id";

// Sessions.
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (id, user_id, created_at, expires_at, revoked) "
    "VALUES ($1::text, $2::text, $3::bigint, $4::bigint, $5::boolean)";
constexpr std::string_view kSessionById =
    "SELECT id, user_id, created_at, expires_at, revoked FROM sessions WHERE id = $1::text";
constexpr std::string_view kRevokeSession = "UPDATE sessions SET revoked = true WHERE id = $1::text";

// Chats, each with its participants in the order they were added (a group's first
// kMaxListedParticipants) and a group's info and settings. A macro only to splice constants
// into string literals at compile time; values are always bound.
#define PARLEY_LISTED_PARTICIPANTS "100"
static_assert(kMaxListedParticipants == 100, "PARLEY_LISTED_PARTICIPANTS says kMaxListedParticipants");
#define PARLEY_CHAT_COLUMNS                                                                                \
  "c.id, c.kind, c.created_at, c.updated_at, c.last_seq, "                                                 \
  "ARRAY(SELECT p.user_id FROM chat_participants p WHERE p.chat_id = c.id ORDER BY p.position "            \
  "LIMIT " PARLEY_LISTED_PARTICIPANTS                                                                      \
  "), "                                                                                                    \
  "c.title, c.description, c.avatar_color, c.perm_send, c.perm_add, c.perm_edit_info, c.perm_pin, "        \
  "c.history_visible, c.slow_mode_seconds, c.member_limit, c.member_count, c.version, c.delivered_floor, " \
  "c.read_floor, c.change_seq, c.edit_window_seconds"
constexpr std::string_view kChatById = "SELECT " PARLEY_CHAT_COLUMNS " FROM chats c WHERE c.id = $1::text";
constexpr std::string_view kPrivateChat =
    "SELECT " PARLEY_CHAT_COLUMNS " FROM chats c WHERE c.pair_low = $1::text AND c.pair_high = $2::text";
constexpr std::string_view kChatsOf =
    "SELECT " PARLEY_CHAT_COLUMNS
    " FROM chat_participants me JOIN chats c ON c.id = me.chat_id "
    "WHERE me.user_id = $1::text ORDER BY c.updated_at DESC, c.created_at DESC, c.id COLLATE \"C\"";
#undef PARLEY_CHAT_COLUMNS
#undef PARLEY_LISTED_PARTICIPANTS
// The chat and its participants in one statement. A pair taken meanwhile by another process
// inserts nothing (and returns no row); an id taken is a unique violation.
constexpr std::string_view kInsertPrivateChat =
    "WITH chat AS ("
    " INSERT INTO chats (id, kind, pair_low, pair_high, created_at, updated_at, last_seq, member_count)"
    " VALUES ($1::text, 'private', $2::text, $3::text, $4::bigint, $4::bigint, 0, 2)"
    " ON CONFLICT (pair_low, pair_high) WHERE pair_low IS NOT NULL DO NOTHING RETURNING id) "
    "INSERT INTO chat_participants (chat_id, user_id, position, added_at) "
    "SELECT chat.id, p.user_id, p.position, $4::bigint "
    "FROM chat, (VALUES ($5::text, 0), ($6::text, 1)) AS p (user_id, position) RETURNING chat_id";

// The outbox. Each event first takes the transaction lock of its key ($1: lock_key(), held
// until COMMIT), so that events of one key get their positions in commit order whatever
// process writes them. The operation that writes an event declares that lock, so its batch
// holds it already and taking it again never waits; the statement keeps the order for any
// event all the same.
constexpr std::string_view kLockEventKey = "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))";
constexpr std::string_view kInsertEvent =
    "INSERT INTO outbox (id, type, key, payload, at) VALUES ($1::uuid, $2::text, $3::text, $4::json, $5::bigint)";
constexpr std::string_view kPendingEvents =
    "SELECT position, id, type, key, payload, at FROM outbox ORDER BY position LIMIT $1::bigint";
constexpr std::string_view kRemoveEvents = "DELETE FROM outbox WHERE position = ANY ($1::bigint[])";

User read_user(const Rows& r, int row) {
  return User{r.text(row, 0), r.text(row, 1),  r.text(row, 2),
              r.text(row, 3), r.int64(row, 4), r.optional_int64(row, 5)};
}

Policy policy_of(std::int64_t value) { return value == 1 ? Policy::kAdmins : Policy::kEveryone; }

Chat read_chat(const Rows& r, int row) {
  Chat chat;
  chat.id = r.text(row, 0);
  chat.kind = r.text(row, 1);
  chat.created_at = r.int64(row, 2);
  chat.updated_at = r.int64(row, 3);
  chat.last_seq = r.int64(row, 4);
  chat.participants = r.text_array(row, 5);
  chat.change_seq = r.int64(row, 20);
  if (chat.kind == "group") {
    GroupInfo g;
    g.title = r.optional_text(row, 6).value_or("");
    g.description = r.optional_text(row, 7).value_or("");
    g.avatar_color = r.optional_text(row, 8).value_or("");
    g.settings.send = policy_of(r.int64(row, 9));
    g.settings.add_members = policy_of(r.int64(row, 10));
    g.settings.edit_info = policy_of(r.int64(row, 11));
    g.settings.pin = policy_of(r.int64(row, 12));
    g.settings.history_visible = r.boolean(row, 13);
    g.settings.slow_mode_seconds = r.int64(row, 14);
    g.settings.member_limit = r.int64(row, 15);
    g.settings.edit_window_seconds = r.int64(row, 21);
    g.member_count = r.int64(row, 16);
    g.version = r.int64(row, 17);
    g.delivered_floor = r.int64(row, 18);
    g.read_floor = r.int64(row, 19);
    chat.participants_truncated = g.member_count > static_cast<std::int64_t>(chat.participants.size());
    chat.group = std::move(g);
  }
  return chat;
}

// The first row of a lookup read by `read_row`; kNotFound when there is none.
template <class T, class ReadRow>
Result<T> one(Reply reply, ReadRow read_row) {
  if (!reply) return fail(errc_of(reply));
  if (reply->empty()) return fail(Errc::kNotFound);
  return read_row(*reply, 0);
}

Result<void> changed_one(const Reply& reply) {
  if (!reply) return fail(errc_of(reply));
  if (reply->affected() == 0) return fail(Errc::kNotFound);
  return {};
}

Connection::Options connection_options(const PostgresOptions& options, bool pipeline) {
  Connection::Options o;
  o.connect_timeout = options.connect_timeout;
  o.statement_timeout = options.statement_timeout;
  o.io_timeout = options.io_timeout;
  o.pipeline = pipeline;
  return o;
}

std::shared_ptr<PostgresStats> stats_of(const PostgresOptions& options) {
  return options.stats ? options.stats : std::make_shared<PostgresStats>();
}

}  // namespace

PostgresStore::PostgresStore(const std::string& url, const PostgresOptions& options) : outbox_(options.outbox) {
  {
    auto db = Connection::open(url, connection_options(options, false));
    migrate(*db);
  }
  auto stats = stats_of(options);
  writer_ = std::make_unique<Writer>(url, connection_options(options, true), options.max_batch, stats);
  readers_ = std::make_unique<ReaderPool>(url, options.readers, connection_options(options, false), stats);
  jobs_ = std::make_unique<ReaderPool>(url, options.job_connections, connection_options(options, false), stats);
}

PostgresStore::~PostgresStore() {
  writer_->stop();  // finish queued writes first
  jobs_.reset();
  readers_.reset();
  writer_.reset();
}

void PostgresStore::write_event(Connection& db, const OutboxEvent& event) const {
  if (!outbox_) return;
  db.defer(kLockEventKey, Params(lock_key(event.key)));
  db.defer(kInsertEvent, Params(event.id, event.type, event.key, event.payload, event.at));
}

Result<User> PostgresStore::create_user(const User& user) {
  return write<User>(
      lock_names({lock_key(user.id), lock_name("email", user.email)}), [&](Connection& db) -> Result<User> {
        auto r =
            db.query(kInsertUser, Params(user.id, user.email, user.name, user.password_hash, user.created_at,
                                         user.last_seen, util::search_fold(user.name), util::search_fold(user.email)));
        if (!r) return fail(errc_of(r));
        if (auto words = index_user_words(db, user.id, user.name, user.email); !words) return fail(words.error());
        return user;
      });
}

Result<User> PostgresStore::user_by_id(std::string_view id) {
  return read([&](Connection& db) { return one<User>(db.query(kUserById, Params(id)), read_user); });
}

Result<User> PostgresStore::user_by_email(std::string_view email) {
  return read([&](Connection& db) { return one<User>(db.query(kUserByEmail, Params(email)), read_user); });
}

Result<std::vector<User>> PostgresStore::contacts_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<User>> {
    auto r = db.query(kContactsOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    std::vector<User> users;
    for (int i = 0; i < r->size(); ++i) users.push_back(read_user(*r, i));
    return users;
  });
}

Result<std::vector<User>> PostgresStore::list_users() {
  return read([&](Connection& db) -> Result<std::vector<User>> {
    auto r = db.query(kListUsers);
    if (!r) return fail(errc_of(r));
    std::vector<User> users;
    for (int i = 0; i < r->size(); ++i) users.push_back(read_user(*r, i));
    return users;
  });
}

Result<void> PostgresStore::set_last_seen(std::string_view user_id, TimeMs at) {
  return write<void>(lock_names({lock_key(user_id)}),
                     [&](Connection& db) { return changed_one(db.query(kSetLastSeen, Params(user_id, at))); });
}

Result<void> PostgresStore::set_user_name(std::string_view user_id, std::string_view name) {
  return write<void>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<void> {
    if (auto changed = changed_one(db.query(kSetUserName, Params(user_id, name, util::search_fold(name)))); !changed) {
      return changed;
    }
    auto user = one<User>(db.query(kUserById, Params(user_id)), read_user);
    if (!user) return fail(user.error());
    return index_user_words(db, user_id, name, user->email);
  });
}

Result<void> PostgresStore::create_session(const Session& session) {
  // A new row with a new id: no other write can touch it.
  return write<void>({}, [&](Connection& db) -> Result<void> {
    auto r = db.query(kInsertSession, Params(session.id, session.user_id, session.created_at, session.expires_at,
                                             session.revoked ? "true" : "false"));
    if (!r) return fail(errc_of(r));
    return {};
  });
}

Result<Session> PostgresStore::session_by_id(std::string_view id) {
  return read([&](Connection& db) {
    return one<Session>(db.query(kSessionById, Params(id)), [](const Rows& r, int row) {
      return Session{r.text(row, 0), r.text(row, 1), r.int64(row, 2), r.int64(row, 3), r.boolean(row, 4)};
    });
  });
}

Result<void> PostgresStore::revoke_session(std::string_view id) {
  return write<void>(lock_names({lock_name("session", id)}),
                     [&](Connection& db) { return changed_one(db.query(kRevokeSession, Params(id))); });
}

Result<Chat> PostgresStore::find_or_create_private_chat(std::string_view new_id, std::string_view user_a,
                                                        std::string_view user_b, TimeMs now) {
  if (user_a == user_b) return fail(Errc::kInvalid);
  const std::string_view low = std::min(user_a, user_b);
  const std::string_view high = std::max(user_a, user_b);
  // Usually the chat exists: answer from a reader without queueing behind the writes.
  auto found = read([&](Connection& db) { return one<Chat>(db.query(kPrivateChat, Params(low, high)), read_chat); });
  if (found || found.error() != Errc::kNotFound) return found;
  // The writer runs one operation at a time, so of several racing creators in this process the
  // first creates the chat and the others find it here; another process creating it holds the
  // pair's lock until it committed, after which its chat is visible here.
  const std::string pair = std::string(low) + " " + std::string(high);
  return write<Chat>(lock_names({lock_key(new_id), lock_name("pair", pair)}), [&](Connection& db) -> Result<Chat> {
    auto existing = one<Chat>(db.query(kPrivateChat, Params(low, high)), read_chat);
    if (existing || existing.error() != Errc::kNotFound) return existing;
    auto inserted = db.query(kInsertPrivateChat, Params(new_id, low, high, now, user_a, user_b));
    if (!inserted) return fail(errc_of(inserted));
    if (inserted->empty()) return one<Chat>(db.query(kPrivateChat, Params(low, high)), read_chat);
    Chat chat;
    chat.id = std::string(new_id);
    chat.kind = "private";
    chat.participants = {std::string(user_a), std::string(user_b)};
    chat.created_at = now;
    chat.updated_at = now;
    write_event(db, outbox::chat_created(chat));
    return chat;
  });
}

Result<Chat> load_chat(Connection& db, std::string_view id) {
  return one<Chat>(db.query(kChatById, Params(id)), read_chat);
}

Result<Chat> PostgresStore::chat_by_id(std::string_view id) {
  return read([&](Connection& db) { return load_chat(db, id); });
}

Result<std::vector<Chat>> PostgresStore::chats_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<Chat>> {
    auto r = db.query(kChatsOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    std::vector<Chat> chats;
    for (int i = 0; i < r->size(); ++i) chats.push_back(read_chat(*r, i));
    return chats;
  });
}

Result<void> PostgresStore::record_event(const OutboxEvent& event) {
  if (!outbox_) return {};
  return write<void>(lock_names({lock_key(event.key)}), [&](Connection& db) -> Result<void> {
    write_event(db, event);
    return {};
  });
}

Result<std::vector<OutboxEvent>> PostgresStore::outbox_pending(std::size_t limit) {
  if (!outbox_) return std::vector<OutboxEvent>{};
  return read([&](Connection& db) -> Result<std::vector<OutboxEvent>> {
    auto r = db.query(
        kPendingEvents,
        Params(static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max()))));
    if (!r) return fail(errc_of(r));
    std::vector<OutboxEvent> events;
    for (int i = 0; i < r->size(); ++i) {
      events.push_back(
          OutboxEvent{r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->int64(i, 5)});
    }
    return events;
  });
}

Result<void> PostgresStore::outbox_remove(const std::vector<std::int64_t>& positions) {
  if (!outbox_ || positions.empty()) return {};
  // The relays of several processes remove in turn: their DELETEs would lock the same rows.
  return write<void>(lock_names({lock_name("outbox", "remove")}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kRemoveEvents, Params(positions), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    return {};
  });
}

Result<void> PostgresStore::ping() {
  return read([&](Connection& db) -> Result<void> {
    auto r = db.query("SELECT 1");
    if (!r || r->empty() || r->int64(0, 0) != 1) return fail(Errc::kUnavailable);
    return {};
  });
}

}  // namespace parley::store::postgres
