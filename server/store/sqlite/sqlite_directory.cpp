// SqliteStore: the user directory, a page at a time (store.hpp, DirectoryQuery). The index
// users_directory (name_key, id) gives the order, so a page reads its rows from where the
// previous page ended and stops after limit + 1 matches.
#include "store/sqlite/sqlite_store_impl.hpp"

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

}  // namespace

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
