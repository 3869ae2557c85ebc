// PostgresStore: replies and threads (store/threads.hpp). A thread's replies are appended by
// postgres_messages.cpp, which calls add_to_threads() below in the same transaction. See
// postgres_store_impl.hpp.
//
// A reply's root is updated with its chat's row locked (the append raised its last_seq) and
// the root's own row locked here, so concurrent replies, in this process or another, count in
// turn. The followers' rows of a thread belong to its chat: their writes declare the chat's
// lock (writer.hpp), as appends do.
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

// The roots of thread replies just stored, locked in id order, each with its chat's
// change_seq (the chat's row is locked already by the append).
constexpr std::string_view kLockRoots =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m") ", c.change_seq FROM messages m JOIN chats c ON c.id = m.chat_id "
    "WHERE m.id = ANY ($1::text[]) ORDER BY m.id FOR NO KEY UPDATE OF m";
constexpr std::string_view kThreadSummary =
    "UPDATE messages SET thread_count = $2::bigint, thread_last_at = $3::bigint, thread_participants = $4::text[],"
    " change_seq = $5::bigint WHERE id = $1::text";
constexpr std::string_view kSetChange = "UPDATE chats SET change_seq = $2::bigint WHERE id = $1::text";
// A reply's sender follows its thread (again), with everything up to their reply read; the
// root's author follows it from its first reply on, having read nothing of it, unless they
// stopped. Rows of (user, root, chat, read_seq, followed_at), each pair once.
constexpr std::string_view kFollowAsReplier =
    "INSERT INTO thread_follows (user_id, root_id, chat_id, read_seq, following, followed_at) "
    "SELECT f.user_id, f.root_id, f.chat_id, f.read_seq, true, f.followed_at "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) "
    "AS f (user_id, root_id, chat_id, read_seq, followed_at) "
    "ON CONFLICT (user_id, root_id) DO UPDATE SET following = true, "
    "read_seq = GREATEST(thread_follows.read_seq, excluded.read_seq)";
constexpr std::string_view kFollowAsAuthor =
    "INSERT INTO thread_follows (user_id, root_id, chat_id, read_seq, following, followed_at) "
    "SELECT f.user_id, f.root_id, f.chat_id, f.read_seq, true, f.followed_at "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) "
    "AS f (user_id, root_id, chat_id, read_seq, followed_at) "
    "ON CONFLICT (user_id, root_id) DO NOTHING";

// The messages of $1 with their senders' names.
constexpr std::string_view kReplyTargets =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m") ", COALESCE(u.name, '') "
    "FROM messages m LEFT JOIN users u ON u.id = m.sender_id WHERE m.id = ANY ($1::text[])";
constexpr std::string_view kMessageExists = "SELECT 1 FROM messages WHERE id = $1::text";
constexpr std::string_view kRepliesAfter =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE thread_root_id = $1::text AND seq > $2::bigint ORDER BY seq LIMIT $3::bigint";
constexpr std::string_view kRepliesBefore =
    "SELECT * FROM (SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    " FROM messages WHERE thread_root_id = $1::text AND seq < $2::bigint ORDER BY seq DESC LIMIT $3::bigint) page "
    "ORDER BY seq";
// The replies of others, not deleted, after a read position: a follower's unread count. A
// macro only to splice it into the statements below; `f` is the thread_follows row.
#define PARLEY_UNREAD_OF(f)                                                                \
  "(SELECT COUNT(*) FROM messages r WHERE r.thread_root_id = " f ".root_id AND r.seq > " f \
  ".read_seq "                                                                             \
  "AND r.sender_id <> " f ".user_id AND r.deleted_at IS NULL)"
// Raises a read position (never lowers it) and counts what is left; no row: not followed.
constexpr std::string_view kReadThread =
    "WITH f AS (UPDATE thread_follows SET read_seq = GREATEST(read_seq, $3::bigint)"
    " WHERE user_id = $1::text AND root_id = $2::text RETURNING user_id, root_id, read_seq) "
    "SELECT " PARLEY_UNREAD_OF("f") " FROM f";
// Follows from the thread's last reply (the root when it has none), or stops following; no
// row: no such message.
constexpr std::string_view kFollow =
    "INSERT INTO thread_follows (user_id, root_id, chat_id, read_seq, following, followed_at) "
    "SELECT $1::text, m.id, m.chat_id,"
    " COALESCE((SELECT MAX(r.seq) FROM messages r WHERE r.thread_root_id = m.id), m.seq), $3::boolean, $4::bigint "
    "FROM messages m WHERE m.id = $2::text "
    "ON CONFLICT (user_id, root_id) DO UPDATE SET following = excluded.following, "
    "read_seq = CASE WHEN excluded.following THEN GREATEST(thread_follows.read_seq, excluded.read_seq)"
    " ELSE thread_follows.read_seq END "
    "RETURNING 1";
// The threads a user follows in the chats they are in, latest reply first, from a keyset
// (ids compared bytewise, as in SQLite), with the roots and the unread counts.
constexpr std::string_view kFollowed =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m") ", f.read_seq, " PARLEY_UNREAD_OF("f")
    " FROM thread_follows f JOIN messages m ON m.id = f.root_id "
    "WHERE f.user_id = $1::text AND f.following AND m.thread_count > 0 "
    "AND EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = f.chat_id AND p.user_id = f.user_id) "
    "AND ($2::bigint IS NULL OR m.thread_last_at < $2::bigint"
    " OR (m.thread_last_at = $2::bigint AND m.id COLLATE \"C\" < $3::text)) "
    "ORDER BY m.thread_last_at DESC, m.id COLLATE \"C\" DESC LIMIT $4::bigint";
#undef PARLEY_UNREAD_OF

// A follower's row as the replies of one append leave it.
struct Follow {
  std::string chat_id;
  std::int64_t read_seq = 0;
  TimeMs followed_at = 0;
  bool replied = false;  // written as kFollowAsReplier writes it, else as kFollowAsAuthor
};

// Columns of kFollowAsReplier and kFollowAsAuthor.
struct FollowRows {
  std::vector<std::string> users, roots, chats;
  std::vector<std::int64_t> read_seqs, times;

  void add(const std::pair<std::string, std::string>& key, const Follow& f) {
    users.push_back(key.first);
    roots.push_back(key.second);
    chats.push_back(f.chat_id);
    read_seqs.push_back(f.read_seq);
    times.push_back(f.followed_at);
  }
  void write(Connection& db, std::string_view sql) const {
    if (!users.empty()) db.defer(sql, Params(users, roots, chats, read_seqs, times));
  }
};

}  // namespace

Result<void> add_to_threads(Connection& db, const std::vector<Appended*>& appended) {
  std::vector<Appended*> replies;
  std::vector<std::string> root_ids;
  for (auto* a : appended) {
    if (a->duplicate || !a->message.thread_root_id) continue;
    replies.push_back(a);
    root_ids.push_back(*a->message.thread_root_id);
  }
  if (replies.empty()) return {};
  std::unordered_map<std::string, Message> roots;
  std::unordered_map<std::string, std::int64_t> changes;  // chat id -> its change_seq
  {
    auto r = db.query(kLockRoots, Params(root_ids), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    for (int row = 0; row < r->size(); ++row) {
      Message root = read_message(*r, row);
      changes[root.chat_id] = r->int64(row, kMessageColumns);
      roots.emplace(root.id, std::move(root));
    }
  }
  for (const auto* reply : replies) {
    const auto it = roots.find(*reply->message.thread_root_id);
    if (it == roots.end()) return fail(Errc::kNotFound);
    if (it->second.chat_id != reply->message.chat_id) return fail(Errc::kInvalid);
  }
  // Each reply in turn, as if appended alone: the root's summary and change_seq after it, and
  // the followers' rows it writes, by (user, root): each row once per statement (ON CONFLICT
  // DO UPDATE may not touch a row twice), all in one order.
  std::map<std::pair<std::string, std::string>, Follow> follows;
  for (auto* reply : replies) {
    const Message& m = reply->message;
    Message& root = roots.at(*m.thread_root_id);
    root.thread_participants = thread_participants_after(root.thread_participants, m.sender_id);
    root.thread_count += 1;
    root.thread_last_at = m.created_at;
    root.change_seq = ++changes.at(root.chat_id);
    reply->thread_root = root;
    auto [replier, fresh] =
        follows.try_emplace({m.sender_id, root.id}, Follow{root.chat_id, m.seq, m.created_at, true});
    if (!fresh) {
      replier->second.read_seq = std::max(replier->second.read_seq, m.seq);
      replier->second.replied = true;
    }
    if (root.kind == "text" && root.sender_id != m.sender_id) {
      follows.try_emplace({root.sender_id, root.id}, Follow{root.chat_id, root.seq, m.created_at, false});
    }
  }
  for (const auto& [id, root] : roots) {
    db.defer(kThreadSummary,
             Params(id, root.thread_count, root.thread_last_at, root.thread_participants, root.change_seq));
  }
  for (const auto& [chat_id, change] : changes) db.defer(kSetChange, Params(chat_id, change));
  FollowRows as_replier, as_author;
  for (const auto& [key, f] : follows) (f.replied ? as_replier : as_author).add(key, f);
  as_replier.write(db, kFollowAsReplier);
  as_author.write(db, kFollowAsAuthor);
  return {};
}

Result<std::vector<std::pair<Message, std::string>>> PostgresStore::reply_targets(const std::vector<std::string>& ids) {
  using Targets = std::vector<std::pair<Message, std::string>>;
  if (ids.empty()) return Targets();
  return read([&](Connection& db) -> Result<Targets> {
    auto r = db.query(kReplyTargets, Params(ids), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    Targets out;
    for (int row = 0; row < r->size(); ++row) out.emplace_back(read_message(*r, row), r->text(row, kMessageColumns));
    return out;
  });
}

Result<std::vector<Message>> PostgresStore::thread_replies(std::string_view root_id, const ThreadQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxThreadPage));
  return read([&](Connection& db) -> Result<std::vector<Message>> {
    {
      auto r = db.query(kMessageExists, Params(root_id));
      if (!r) return fail(errc_of(r));
      if (r->empty()) return fail(Errc::kNotFound);
    }
    if (query.after_seq) return read_messages(db.query(kRepliesAfter, Params(root_id, *query.after_seq, limit)));
    const auto before = query.before_seq.value_or(std::numeric_limits<std::int64_t>::max());
    return read_messages(db.query(kRepliesBefore, Params(root_id, before, limit)));
  });
}

Result<std::int64_t> PostgresStore::read_thread(std::string_view user_id, std::string_view root_id, std::int64_t seq) {
  return write<std::int64_t>(lock_chats_of({std::string(root_id)}), [&](Connection& db) -> Result<std::int64_t> {
    auto r = db.query(kReadThread, Params(user_id, root_id, seq));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return std::int64_t{0};  // not followed
    return r->int64(0, 0);
  });
}

Result<void> PostgresStore::follow_thread(std::string_view user_id, std::string_view root_id, bool follow, TimeMs at) {
  return write<void>(lock_chats_of({std::string(root_id)}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kFollow, Params(user_id, root_id, follow ? "true" : "false", at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return {};
  });
}

Result<std::vector<std::string>> PostgresStore::thread_followers(std::string_view root_id) {
  return read([&](Connection& db) -> Result<std::vector<std::string>> {
    auto r = db.query("SELECT user_id FROM thread_follows WHERE root_id = $1::text AND following ORDER BY user_id",
                      Params(root_id));
    if (!r) return fail(errc_of(r));
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

Result<std::vector<FollowedThread>> PostgresStore::followed_threads(const FollowedQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxFollowedPage));
  return read([&](Connection& db) -> Result<std::vector<FollowedThread>> {
    auto r = db.query(kFollowed, Params(query.user_id, query.before_at, query.before_root, limit));
    if (!r) return fail(errc_of(r));
    std::vector<FollowedThread> out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int row = 0; row < r->size(); ++row) {
      out.push_back(
          FollowedThread{read_message(*r, row), r->int64(row, kMessageColumns), r->int64(row, kMessageColumns + 1)});
    }
    return out;
  });
}

}  // namespace parley::store::postgres
