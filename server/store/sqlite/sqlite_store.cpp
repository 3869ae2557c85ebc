// SqliteStore: opening, users, sessions, chats and health. Messages are in sqlite_messages.cpp,
// the directory in sqlite_directory.cpp.
#include "store/sqlite/sqlite_store_impl.hpp"

#include "store/outbox_events.hpp"
#include "store/sqlite/schema.hpp"
#include "util/text_fold.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace parley::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options) {
  return std::make_unique<sqlite::SqliteStore>(path, options);
}

}  // namespace parley::store

namespace parley::store::sqlite {
namespace {

// Rows of the trigram index's rounds: a round of 2,000 takes the writer about 20 ms.
constexpr std::size_t kSearchIndexBatch = 2000;

using util::fail;

// Users.
constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, email, name, password_hash, created_at, last_seen, name_key, email_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kUserById =
    "SELECT id, email, name, password_hash, created_at, last_seen FROM users WHERE id = ?1";
constexpr std::string_view kUserByEmail =
    "SELECT id, email, name, password_hash, created_at, last_seen FROM users WHERE email = ?1";
constexpr std::string_view kListUsers =
    "SELECT id, email, name, password_hash, created_at, last_seen FROM users ORDER BY name, id";
constexpr std::string_view kSetLastSeen = "UPDATE users SET last_seen = ?2 WHERE id = ?1";
constexpr std::string_view kSetUserName = "UPDATE users SET name = ?2, name_key = ?3 WHERE id = ?1";
constexpr std::string_view kContactsOf =
    "SELECT u.id, u.email, u.name, u.password_hash, u.created_at, u.last_seen FROM users u "
    "WHERE u.id IN (SELECT o.user_id FROM chat_participants me "
    "JOIN chats c ON c.id = me.chat_id AND c.kind = 'private' "
    "JOIN chat_participants o ON o.chat_id = me.chat_id AND o.user_id <> me.user_id WHERE me.user_id = ?1) "
    "ORDER BY u.name, u.id";

// Sessions.
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (id, user_id, created_at, expires_at, revoked) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kSessionById =
    "SELECT id, user_id, created_at, expires_at, revoked FROM sessions WHERE id = ?1";
constexpr std::string_view kRevokeSession = "UPDATE sessions SET revoked = 1 WHERE id = ?1";

// Chats.
// The columns read_chat() expects, in its order.
#define PARLEY_CHAT_COLUMNS                                                                                     \
  "c.id, c.kind, c.created_at, c.updated_at, c.last_seq, c.title, c.description, c.avatar_color, c.perm_send, " \
  "c.perm_add, c.perm_edit_info, c.perm_pin, c.history_visible, c.slow_mode_seconds, c.member_limit, "          \
  "c.member_count, c.version, c.delivered_floor, c.read_floor, c.change_seq, c.edit_window_seconds"
constexpr std::string_view kChatById = "SELECT " PARLEY_CHAT_COLUMNS " FROM chats c WHERE c.id = ?1";
constexpr std::string_view kChatExists = "SELECT 1 FROM chats WHERE id = ?1";
constexpr std::string_view kParticipants =
    "SELECT user_id FROM chat_participants WHERE chat_id = ?1 ORDER BY position LIMIT ?2";
constexpr std::string_view kPrivateChat = "SELECT id FROM chats WHERE pair_low = ?1 AND pair_high = ?2";
constexpr std::string_view kInsertPrivateChat =
    "INSERT INTO chats (id, kind, pair_low, pair_high, created_at, updated_at, last_seq, member_count) "
    "VALUES (?1, 'private', ?2, ?3, ?4, ?4, 0, 2)";
constexpr std::string_view kInsertParticipant =
    "INSERT INTO chat_participants (chat_id, user_id, position, added_at) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kChatsOf = "SELECT " PARLEY_CHAT_COLUMNS
                                      " FROM chat_participants p "
                                      "JOIN chats c ON c.id = p.chat_id WHERE p.user_id = ?1 "
                                      "ORDER BY c.updated_at DESC, c.created_at DESC, c.id";
#undef PARLEY_CHAT_COLUMNS

// The error for a lookup that returned no row: the query's failure, or kNotFound.
Errc missing(const Query& q) { return q.failed() ? q.error() : Errc::kNotFound; }

User read_user(const Query& q) {
  return User{q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.optional_int64(5)};
}

Session read_session(const Query& q) { return Session{q.text(0), q.text(1), q.int64(2), q.int64(3), q.int64(4) != 0}; }

Policy policy_of(std::int64_t v) { return v == 1 ? Policy::kAdmins : Policy::kEveryone; }

Chat read_chat(const Query& q) {
  Chat chat;
  chat.id = q.text(0);
  chat.kind = q.text(1);
  chat.created_at = q.int64(2);
  chat.updated_at = q.int64(3);
  chat.last_seq = q.int64(4);
  chat.change_seq = q.int64(19);
  if (chat.kind == "group") {
    GroupInfo g;
    g.title = q.optional_text(5).value_or("");
    g.description = q.optional_text(6).value_or("");
    g.avatar_color = q.optional_text(7).value_or("");
    g.settings.send = policy_of(q.int64(8));
    g.settings.add_members = policy_of(q.int64(9));
    g.settings.edit_info = policy_of(q.int64(10));
    g.settings.pin = policy_of(q.int64(11));
    g.settings.history_visible = q.int64(12) != 0;
    g.settings.slow_mode_seconds = q.int64(13);
    g.settings.member_limit = q.int64(14);
    g.settings.edit_window_seconds = q.int64(20);
    g.member_count = q.int64(15);
    g.version = q.int64(16);
    g.delivered_floor = q.int64(17);
    g.read_floor = q.int64(18);
    chat.group = std::move(g);
  }
  return chat;
}

}  // namespace

Result<void> load_participants(Connection& db, Chat& chat) {
  chat.participants.clear();
  Query q(db, kParticipants);
  q.bind(chat.id, static_cast<std::int64_t>(kMaxListedParticipants));
  while (q.next()) chat.participants.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  chat.participants_truncated =
      chat.group && chat.group->member_count > static_cast<std::int64_t>(chat.participants.size());
  return {};
}

namespace {

// The id of the private chat of an ordered pair; kNotFound when there is none.
Result<std::string> private_chat_id(Connection& db, std::string_view low, std::string_view high) {
  Query q(db, kPrivateChat);
  q.bind(low, high);
  if (!q.next()) return fail(missing(q));
  return q.text(0);
}

Result<User> lookup_user(Connection& db, std::string_view sql, std::string_view key) {
  Query q(db, sql);
  q.bind(key);
  if (!q.next()) return fail(missing(q));
  return read_user(q);
}

}  // namespace

Result<Chat> load_chat(Connection& db, std::string_view id) {
  Chat chat;
  {
    Query q(db, kChatById);
    q.bind(id);
    if (!q.next()) return fail(missing(q));
    chat = read_chat(q);
  }
  if (auto r = load_participants(db, chat); !r) return fail(r.error());
  return chat;
}

Result<void> chat_exists(Connection& db, std::string_view id) {
  Query q(db, kChatExists);
  q.bind(id);
  if (!q.next()) return fail(missing(q));
  return {};
}

SqliteStore::SqliteStore(const std::string& path, const SqliteOptions& options) : outbox_(options.outbox) {
  auto db = Connection::open(path, Connection::Mode::kReadWrite, options.busy_timeout);
  {
    Query mode(*db, "PRAGMA journal_mode = WAL");
    if (!mode.next() || mode.text(0) != "wal") {
      throw std::runtime_error("SQLite: cannot use WAL mode for '" + path +
                               "': " + (mode.failed() ? db->error_message() : "journal_mode is " + mode.text(0)));
    }
  }
  // FULL: the WAL is synced at every commit, so an acknowledged write survives power loss.
  // A 64 MiB page cache for the writer. Checkpoints run on the Checkpointer's thread every
  // 100 ms; the writer checkpoints itself only past 16384 WAL pages (64 MiB), when that thread
  // fell behind. journal_size_limit trims the WAL file after checkpoints. secure_delete: the
  // text of a message deleted for everyone (and of its earlier versions) is overwritten in
  // the pages that held it, not left in free space.
  db->exec_or_throw(
      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA secure_delete = ON; "
      "PRAGMA wal_autocheckpoint = 16384; PRAGMA journal_size_limit = 67108864;",
      "configure '" + path + "'");
  try {
    migrate(*db);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot migrate '" + path + "': " + e.what());
  }
  writer_ = std::make_unique<Writer>(std::move(db), options.max_batch, options.commit_window, options.stats);
  readers_ = std::make_unique<ReaderPool>(path, options.readers, options.busy_timeout);
  checkpointer_ = std::make_unique<Checkpointer>(path, options.busy_timeout);
  if (options.search_index_delay.count() > 0) {
    search_indexer_ = std::make_unique<SearchIndexer>(
        // Rounds run on the indexer's thread only: `behind` needs no lock.
        [this, behind = std::size_t{0}](std::size_t batch) mutable {
          auto r = index_search_tail(batch);
          if (!r) {
            spdlog::warn("sqlite store: indexing new messages for search failed (error {})",
                         static_cast<int>(r.error()));
            return false;
          }
          // A long catch-up (after an upgrade) is logged at its start and at its end.
          if (behind == 0 && r->pending >= batch) spdlog::info("sqlite store: indexing the messages' text for search");
          behind += r->indexed;
          if (r->pending > 0) return true;
          if (behind > batch) spdlog::info("sqlite store: indexed the text of {} messages for search", behind);
          behind = 0;
          return false;
        },
        options.search_index_delay, kSearchIndexBatch);
  }
}

SqliteStore::~SqliteStore() {
  search_indexer_.reset();  // its round in flight is a write
  writer_->stop();          // finish queued writes first
  checkpointer_.reset();
  readers_.reset();
  writer_.reset();  // the last connection to close checkpoints the WAL into the database
}

Result<User> SqliteStore::create_user(const User& user) {
  return write<User>([&](Connection& db) -> Result<User> {
    Query q(db, kInsertUser);
    if (auto r = q.bind(user.id, user.email, user.name, user.password_hash, user.created_at, user.last_seen,
                        util::search_fold(user.name), util::search_fold(user.email))
                     .run();
        !r) {
      return fail(r.error());
    }
    if (auto r = index_user_words(db, user.id, user.name, user.email); !r) return fail(r.error());
    return user;
  });
}

Result<User> SqliteStore::user_by_id(std::string_view id) {
  auto db = readers_->acquire();
  return lookup_user(*db, kUserById, id);
}

Result<User> SqliteStore::user_by_email(std::string_view email) {
  auto db = readers_->acquire();
  return lookup_user(*db, kUserByEmail, email);
}

Result<std::vector<User>> SqliteStore::contacts_of(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kContactsOf);
  q.bind(user_id);
  std::vector<User> users;
  while (q.next()) users.push_back(read_user(q));
  if (q.failed()) return fail(q.error());
  return users;
}

Result<std::vector<User>> SqliteStore::list_users() {
  auto db = readers_->acquire();
  Query q(*db, kListUsers);
  std::vector<User> users;
  while (q.next()) users.push_back(read_user(q));
  if (q.failed()) return fail(q.error());
  return users;
}

Result<void> SqliteStore::set_last_seen(std::string_view user_id, TimeMs at) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kSetLastSeen);
    if (auto r = q.bind(user_id, at).run(); !r) return r;
    if (db.changes() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

Result<void> SqliteStore::set_user_name(std::string_view user_id, std::string_view name) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kSetUserName);
    if (auto r = q.bind(user_id, name, util::search_fold(name)).run(); !r) return r;
    if (db.changes() == 0) return fail(Errc::kNotFound);
    auto user = lookup_user(db, kUserById, user_id);
    if (!user) return fail(user.error());
    return index_user_words(db, user_id, name, user->email);
  });
}

Result<void> SqliteStore::create_session(const Session& session) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kInsertSession);
    return q.bind(session.id, session.user_id, session.created_at, session.expires_at, session.revoked ? 1 : 0).run();
  });
}

Result<Session> SqliteStore::session_by_id(std::string_view id) {
  auto db = readers_->acquire();
  Query q(*db, kSessionById);
  q.bind(id);
  if (!q.next()) return fail(missing(q));
  return read_session(q);
}

Result<void> SqliteStore::revoke_session(std::string_view id) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kRevokeSession);
    if (auto r = q.bind(id).run(); !r) return r;
    if (db.changes() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

Result<Chat> SqliteStore::find_or_create_private_chat(std::string_view new_id, std::string_view user_a,
                                                      std::string_view user_b, TimeMs now) {
  if (user_a == user_b) return fail(Errc::kInvalid);
  const std::string_view low = std::min(user_a, user_b);
  const std::string_view high = std::max(user_a, user_b);
  {
    // Usually the chat exists: answer from a reader without queueing behind the writes.
    auto db = readers_->acquire();
    ReadTransaction tx(*db);
    if (!tx.ok()) return fail(Errc::kUnavailable);
    auto id = private_chat_id(*db, low, high);
    if (id) return load_chat(*db, *id);
    if (id.error() != Errc::kNotFound) return fail(id.error());
  }
  // The writer runs one operation at a time, so of several racing creators the first creates
  // the chat and the others find it here.
  return write<Chat>([&](Connection& db) -> Result<Chat> {
    auto id = private_chat_id(db, low, high);
    if (id) return load_chat(db, *id);
    if (id.error() != Errc::kNotFound) return fail(id.error());
    {
      Query q(db, kInsertPrivateChat);
      if (auto r = q.bind(new_id, low, high, now).run(); !r) return fail(r.error());
    }
    Chat chat;
    chat.id = std::string(new_id);
    chat.kind = "private";
    chat.participants = {std::string(user_a), std::string(user_b)};
    chat.created_at = now;
    chat.updated_at = now;
    for (std::size_t i = 0; i < chat.participants.size(); ++i) {
      Query q(db, kInsertParticipant);
      if (auto r = q.bind(chat.id, chat.participants[i], static_cast<std::int64_t>(i), now).run(); !r) {
        return fail(r.error());
      }
    }
    if (auto r = add_event(outbox_, db, [&] { return outbox::chat_created(chat); }); !r) return fail(r.error());
    return chat;
  });
}

Result<Chat> SqliteStore::chat_by_id(std::string_view id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  return load_chat(*db, id);
}

Result<std::vector<Chat>> SqliteStore::chats_of(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  std::vector<Chat> chats;
  {
    Query q(*db, kChatsOf);
    q.bind(user_id);
    while (q.next()) chats.push_back(read_chat(q));
    if (q.failed()) return fail(q.error());
  }
  for (auto& chat : chats) {
    if (auto r = load_participants(*db, chat); !r) return fail(r.error());
  }
  return chats;
}

Result<void> SqliteStore::ping() {
  auto db = readers_->acquire();
  Query q(*db, "SELECT 1");
  if (!q.next() || q.int64(0) != 1) return fail(Errc::kUnavailable);
  return {};
}

}  // namespace parley::store::sqlite
