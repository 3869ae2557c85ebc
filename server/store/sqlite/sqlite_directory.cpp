// SqliteStore: the user directory, a page at a time (store.hpp, DirectoryQuery). The index
// users_directory (name_key, id) gives the order, so a page reads its rows from where the
// previous page ended and stops after limit + 1 matches.
#include "store/sqlite/sqlite_store_impl.hpp"

#include "util/search_text.hpp"
#include "util/text_fold.hpp"

#include <algorithm>

namespace parley::store::sqlite {
namespace {

// ?1 viewer, ?2 folded search ('' for everyone), ?3 search every email (1) or only the viewer's
// and their contacts' (0), ?4/?5 the sort key and id to start after, ?6 rows wanted. The
// contacts subquery is not correlated, so SQLite evaluates it once per statement.
constexpr std::string_view kDirectory =
    "SELECT u.id, u.email, u.name, u.created_at, u.last_seen, u.name_key, "
    " u.id IN (SELECT b.user_id FROM chat_participants a JOIN chat_participants b ON b.chat_id = a.chat_id "
    "          WHERE a.user_id = ?1 AND b.user_id <> ?1) "
    "FROM users u "
    "WHERE (u.name_key, u.id) > (?4, ?5) "
    " AND (?2 = '' OR instr(u.name_key, ?2) > 0 "
    "      OR (instr(u.email_key, ?2) > 0 AND (?3 = 1 OR u.id = ?1 OR u.id IN ("
    "          SELECT b.user_id FROM chat_participants a JOIN chat_participants b ON b.chat_id = a.chat_id "
    "          WHERE a.user_id = ?1)))) "
    "ORDER BY u.name_key, u.id LIMIT ?6";

// The users of one kind of word (?1) in [?2, ?3), by word, ?4 rows (user_words' primary key).
constexpr std::string_view kByPrefix =
    "SELECT u.id, u.email, u.name, u.created_at, u.last_seen FROM user_words w CROSS JOIN users u ON u.id = w.user_id "
    "WHERE w.kind = ?1 AND w.word >= ?2 AND w.word < ?3 ORDER BY w.word, w.user_id LIMIT ?4";
constexpr std::string_view kForgetWords = "DELETE FROM user_words WHERE user_id = ?1";
constexpr std::string_view kAddWord = "INSERT OR IGNORE INTO user_words (word, kind, user_id) VALUES (?1, ?2, ?3)";

}  // namespace

Result<void> index_user_words(Connection& db, std::string_view user_id, std::string_view name, std::string_view email) {
  {
    Query q(db, kForgetWords);
    if (auto r = q.bind(user_id).run(); !r) return r;
  }
  for (const auto& word : util::search_words(name)) {
    Query q(db, kAddWord);
    if (auto r = q.bind(word, 0, user_id).run(); !r) return r;
  }
  Query q(db, kAddWord);
  return q.bind(util::search_fold(email), 1, user_id).run();
}

Result<std::vector<User>> SqliteStore::users_by_prefix(std::string_view name_prefix, std::string_view email_prefix,
                                                       std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, kMaxDirectoryLimit);
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return util::fail(Errc::kUnavailable);
  std::vector<User> users;
  for (const auto& [kind, prefix] : {std::pair{0, name_prefix}, std::pair{1, email_prefix}}) {
    if (prefix.empty() || users.size() >= limit) continue;
    Query q(*db, kByPrefix);
    // A user may have several words with the prefix: read enough rows for `limit` users.
    q.bind(kind, prefix, prefix_end(prefix), static_cast<std::int64_t>(limit * 4));
    while (q.next() && users.size() < limit) {
      if (std::any_of(users.begin(), users.end(), [&](const User& u) { return u.id == q.text(0); })) continue;
      users.push_back(User{q.text(0), q.text(1), q.text(2), {}, q.int64(3), q.optional_int64(4)});
    }
    if (q.failed()) return util::fail(q.error());
  }
  return users;
}

Result<DirectoryPage> SqliteStore::directory(const DirectoryQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxDirectoryLimit));
  auto db = readers_->acquire();
  Query q(*db, kDirectory);
  q.bind(query.viewer, util::search_fold(query.search), query.search_all_emails ? 1 : 0, query.after_key,
         query.after_id, limit + 1);
  DirectoryPage page;
  while (q.next()) {
    if (static_cast<std::int64_t>(page.entries.size()) == limit) {
      page.more = true;
      break;
    }
    DirectoryEntry e;
    e.user = User{q.text(0), q.text(1), q.text(2), {}, q.int64(3), q.optional_int64(4)};
    e.sort_key = q.text(5);
    e.shares_chat = q.int64(6) != 0;
    page.entries.push_back(std::move(e));
  }
  if (q.failed()) return util::fail(q.error());
  return page;
}

}  // namespace parley::store::sqlite
