// PostgresStore: the user directory, a page at a time (store.hpp, DirectoryQuery). The index
// users_directory (name_key, id COLLATE "C") gives the order, so a page reads its rows from
// where the previous page ended and stops after limit + 1 matches. Keys and ids compare
// bytewise (COLLATE "C"), as in SQLite, whatever the database's default collation.
#include "store/postgres/postgres_store_impl.hpp"

#include "util/text_fold.hpp"

#include <algorithm>

namespace parley::store::postgres {
namespace {

// $1 viewer, $2 folded search ('' for everyone), $3 search every email or only the viewer's
// and their contacts', $4/$5 the sort key and id to start after, $6 rows wanted.
constexpr std::string_view kDirectory =
    "SELECT u.id, u.email, u.name, u.created_at, u.last_seen, u.name_key, "
    " u.id IN (SELECT b.user_id FROM chat_participants a JOIN chat_participants b ON b.chat_id = a.chat_id "
    "          WHERE a.user_id = $1::text AND b.user_id <> $1::text) "
    "FROM users u "
    "WHERE (u.name_key, u.id COLLATE \"C\") > ($4::text, $5::text COLLATE \"C\") "
    " AND ($2::text = '' OR strpos(u.name_key, $2::text) > 0 "
    "      OR (strpos(u.email_key, $2::text) > 0 AND ($3::boolean OR u.id = $1::text OR u.id IN ("
    "          SELECT b.user_id FROM chat_participants a JOIN chat_participants b ON b.chat_id = a.chat_id "
    "          WHERE a.user_id = $1::text)))) "
    "ORDER BY u.name_key, u.id COLLATE \"C\" LIMIT $6::bigint";

}  // namespace

Result<DirectoryPage> PostgresStore::directory(const DirectoryQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxDirectoryLimit));
  const auto search = util::search_fold(query.search);
  return read([&](Connection& db) -> Result<DirectoryPage> {
    auto r = db.query(kDirectory, Params(query.viewer, search, query.search_all_emails ? "true" : "false",
                                         query.after_key, query.after_id, limit + 1));
    if (!r) return util::fail(errc_of(r));
    DirectoryPage page;
    for (int i = 0; i < r->size(); ++i) {
      if (i == limit) {
        page.more = true;
        break;
      }
      DirectoryEntry e;
      e.user = User{r->text(i, 0), r->text(i, 1), r->text(i, 2), {}, r->int64(i, 3), r->optional_int64(i, 4)};
      e.sort_key = r->text(i, 5);
      e.shares_chat = r->boolean(i, 6);
      page.entries.push_back(std::move(e));
    }
    return page;
  });
}

}  // namespace parley::store::postgres
