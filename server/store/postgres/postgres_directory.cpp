// PostgresStore: the user directory, a page at a time (store.hpp, DirectoryQuery). The index
// users_directory (name_key, id COLLATE "C") gives the order, so a page reads its rows from
// where the previous page ended and stops after limit + 1 matches. Keys and ids compare
// bytewise (COLLATE "C"), as in SQLite, whatever the database's default collation.
#include "store/postgres/postgres_store_impl.hpp"

#include "util/search_text.hpp"
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

// The users of one kind of word ($1) in [$2, $3), by word, $4 rows (user_words' primary key;
// the words compare bytewise).
constexpr std::string_view kByPrefix =
    "SELECT u.id, u.email, u.name, u.created_at, u.last_seen FROM user_words w JOIN users u ON u.id = w.user_id "
    "WHERE w.kind = $1::smallint AND w.word >= $2::text AND w.word < $3::text "
    "ORDER BY w.word, w.user_id COLLATE \"C\" LIMIT $4::bigint";
constexpr std::string_view kForgetWords = "DELETE FROM user_words WHERE user_id = $1::text";
constexpr std::string_view kAddWords =
    "INSERT INTO user_words (word, kind, user_id) SELECT w, 0, $1::text FROM unnest($2::text[]) AS w "
    "UNION ALL SELECT $3::text, 1, $1::text ON CONFLICT DO NOTHING";

}  // namespace

Result<void> index_user_words(Connection& db, std::string_view user_id, std::string_view name, std::string_view email) {
  if (auto r = db.query(kForgetWords, Params(user_id)); !r) return util::fail(errc_of(r));
  auto r = db.query(kAddWords, Params(user_id, util::search_words(name), util::search_fold(email)), Plan::kEachTime);
  if (!r) return util::fail(errc_of(r));
  return {};
}

Result<std::vector<User>> PostgresStore::users_by_prefix(std::string_view name_prefix, std::string_view email_prefix,
                                                         std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, kMaxDirectoryLimit);
  return read([&](Connection& db) -> Result<std::vector<User>> {
    std::vector<User> users;
    for (const auto& [kind, prefix] : {std::pair{0, name_prefix}, std::pair{1, email_prefix}}) {
      if (prefix.empty() || users.size() >= limit) continue;
      // A user may have several words with the prefix: read enough rows for `limit` users.
      auto r = db.query(kByPrefix, Params(kind, prefix, prefix_end(prefix), static_cast<std::int64_t>(limit * 4)));
      if (!r) return util::fail(errc_of(r));
      for (int i = 0; i < r->size() && users.size() < limit; ++i) {
        if (std::any_of(users.begin(), users.end(), [&](const User& u) { return u.id == r->text(i, 0); })) continue;
        users.push_back(User{r->text(i, 0), r->text(i, 1), r->text(i, 2), {}, r->int64(i, 3), r->optional_int64(i, 4)});
      }
    }
    return users;
  });
}

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
