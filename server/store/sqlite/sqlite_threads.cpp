// SqliteStore: replies and threads (store/threads.hpp); a thread's replies are appended by
// sqlite_messages.cpp. See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>
#include <unordered_set>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kReplyTarget = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                          ", (SELECT name FROM users WHERE users.id = messages.sender_id) "
                                          "FROM messages WHERE id = ?1";
constexpr std::string_view kRepliesAfter = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                           " FROM messages WHERE thread_root_id = ?1 AND seq > ?2 "
                                           "ORDER BY seq LIMIT ?3";
constexpr std::string_view kRepliesBefore = "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS
                                            " FROM messages WHERE thread_root_id = ?1 AND seq < ?2 "
                                            "ORDER BY seq DESC LIMIT ?3";
constexpr std::string_view kRaiseRead =
    "UPDATE thread_follows SET read_seq = MAX(read_seq, ?3) WHERE user_id = ?1 AND root_id = ?2 RETURNING read_seq";
constexpr std::string_view kUnread =
    "SELECT COUNT(*) FROM messages WHERE thread_root_id = ?1 AND seq > ?2 AND sender_id <> ?3 "
    "AND deleted_at IS NULL";
constexpr std::string_view kLastReplySeq = "SELECT MAX(seq) FROM messages WHERE thread_root_id = ?1";
constexpr std::string_view kSetFollow =
    "INSERT INTO thread_follows (user_id, root_id, chat_id, read_seq, following, followed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id, root_id) DO UPDATE SET following = excluded.following, "
    "read_seq = CASE WHEN excluded.following = 1 THEN MAX(read_seq, excluded.read_seq) ELSE read_seq END";
// The threads a user follows in the chats they are in, latest reply first, from a keyset.
constexpr std::string_view kFollowed =
    "SELECT f.root_id, f.read_seq FROM thread_follows f JOIN messages m ON m.id = f.root_id "
    "WHERE f.user_id = ?1 AND f.following = 1 AND m.thread_count > 0 "
    "AND EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = f.chat_id AND p.user_id = f.user_id) "
    "AND (?2 IS NULL OR m.thread_last_at < ?2 OR (m.thread_last_at = ?2 AND m.id < ?3)) "
    "ORDER BY m.thread_last_at DESC, m.id DESC LIMIT ?4";

Result<std::int64_t> unread_after(Connection& db, std::string_view user_id, std::string_view root_id,
                                  std::int64_t read_seq) {
  Query q(db, kUnread);
  q.bind(root_id, read_seq, user_id);
  if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
  return q.int64(0);
}

}  // namespace

Result<std::vector<std::pair<Message, std::string>>> SqliteStore::reply_targets(const std::vector<std::string>& ids) {
  std::vector<std::pair<Message, std::string>> out;
  if (ids.empty()) return out;
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  std::unordered_set<std::string> seen;
  for (const auto& id : ids) {
    if (!seen.insert(id).second) continue;
    Query q(*db, kReplyTarget);
    q.bind(id);
    if (q.next()) {
      out.emplace_back(read_message(q), q.text(kMessageColumns));
    } else if (q.failed()) {
      return fail(q.error());
    }
  }
  return out;
}

Result<std::vector<Message>> SqliteStore::thread_replies(std::string_view root_id, const ThreadQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxThreadPage));
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  if (auto root = load_message(*db, root_id); !root) return fail(root.error());
  if (query.after_seq) {
    Query q(*db, kRepliesAfter);
    q.bind(root_id, *query.after_seq, limit);
    return read_messages(q);
  }
  Query q(*db, kRepliesBefore);
  q.bind(root_id, query.before_seq.value_or(std::numeric_limits<std::int64_t>::max()), limit);
  auto replies = read_messages(q);
  if (replies) std::reverse(replies->begin(), replies->end());
  return replies;
}

Result<std::int64_t> SqliteStore::read_thread(std::string_view user_id, std::string_view root_id, std::int64_t seq) {
  return write<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
    std::int64_t read_seq = 0;
    {
      Query q(db, kRaiseRead);
      q.bind(user_id, root_id, seq);
      if (!q.next()) {
        if (q.failed()) return fail(q.error());
        return std::int64_t{0};  // not followed
      }
      read_seq = q.int64(0);
    }
    return unread_after(db, user_id, root_id, read_seq);
  });
}

Result<void> SqliteStore::follow_thread(std::string_view user_id, std::string_view root_id, bool follow, TimeMs at) {
  return write<void>([&](Connection& db) -> Result<void> {
    auto root = load_message(db, root_id);
    if (!root) return fail(root.error());
    std::int64_t last = root->seq;
    {
      Query q(db, kLastReplySeq);
      q.bind(root_id);
      if (q.next()) last = q.optional_int64(0).value_or(last);
      if (q.failed()) return fail(q.error());
    }
    Query q(db, kSetFollow);
    q.bind(user_id, root_id, root->chat_id, last, follow ? 1 : 0, at);
    if (auto r = q.run(); !r) return fail(r.error());
    return {};
  });
}

Result<std::vector<std::string>> SqliteStore::thread_followers(std::string_view root_id) {
  auto db = readers_->acquire();
  Query q(*db, "SELECT user_id FROM thread_follows WHERE root_id = ?1 AND following = 1 ORDER BY user_id");
  q.bind(root_id);
  std::vector<std::string> out;
  while (q.next()) out.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<FollowedThread>> SqliteStore::followed_threads(const FollowedQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxFollowedPage));
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  std::vector<std::pair<std::string, std::int64_t>> rows;
  {
    Query q(*db, kFollowed);
    q.bind(query.user_id, query.before_at, query.before_root, limit);
    while (q.next()) rows.emplace_back(q.text(0), q.int64(1));
    if (q.failed()) return fail(q.error());
  }
  std::vector<FollowedThread> out;
  out.reserve(rows.size());
  for (auto& [root_id, read_seq] : rows) {
    auto root = load_message(*db, root_id);
    if (!root) return fail(root.error());
    auto unread = unread_after(*db, query.user_id, root_id, read_seq);
    if (!unread) return fail(unread.error());
    out.push_back(FollowedThread{std::move(*root), read_seq, *unread});
  }
  return out;
}

}  // namespace parley::store::sqlite
