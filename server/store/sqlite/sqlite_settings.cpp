// SqliteStore: settings documents (store/settings.hpp). See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kAll =
    "SELECT scope, version, document, updated_at FROM user_settings WHERE user_id = ?1 ORDER BY scope";
constexpr std::string_view kOne =
    "SELECT scope, version, document, updated_at FROM user_settings WHERE user_id = ?1 AND scope = ?2";
// Written only over the version the writer read (none: 0).
constexpr std::string_view kPut =
    "INSERT INTO user_settings (user_id, scope, version, document, updated_at) VALUES (?1, ?2, ?3 + 1, ?4, ?5) "
    "ON CONFLICT (user_id, scope) DO UPDATE SET version = excluded.version, document = excluded.document, "
    "updated_at = excluded.updated_at WHERE user_settings.version = ?3";
constexpr std::string_view kKeepFile = "UPDATE files SET attached = 1 WHERE id = ?1 AND owner_id = ?2";

SettingsDocument read_document(const Query& q) { return {q.text(0), q.int64(1), q.text(2), q.int64(3)}; }

Result<SettingsDocument> load(Connection& db, std::string_view user_id, std::string_view scope) {
  Query q(db, kOne);
  q.bind(user_id, scope);
  if (q.next()) return read_document(q);
  if (q.failed()) return fail(q.error());
  SettingsDocument none;
  none.scope = std::string(scope);
  return none;
}

}  // namespace

Result<std::vector<SettingsDocument>> SqliteStore::settings_documents(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  auto exists = user_exists(*db, user_id);
  if (!exists) return fail(exists.error());
  if (!*exists) return fail(Errc::kNotFound);
  std::vector<SettingsDocument> out(1);
  Query q(*db, kAll);
  q.bind(user_id);
  while (q.next()) {
    auto d = read_document(q);
    if (d.scope.empty()) {
      out.front() = std::move(d);
    } else {
      out.push_back(std::move(d));
    }
  }
  if (q.failed()) return fail(q.error());
  return out;
}

Result<SettingsDocument> SqliteStore::settings_document(std::string_view user_id, std::string_view scope) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  auto exists = user_exists(*db, user_id);
  if (!exists) return fail(exists.error());
  if (!*exists) return fail(Errc::kNotFound);
  return load(*db, user_id, scope);
}

Result<SettingsDocument> SqliteStore::put_settings(std::string_view user_id, std::string_view scope,
                                                   std::int64_t expected_version, std::string_view document,
                                                   const std::vector<std::string>& keep_files, TimeMs at) {
  return write<SettingsDocument>([&](Connection& db) -> Result<SettingsDocument> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    {
      Query q(db, kPut);
      q.bind(user_id, scope, expected_version, document, at);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    if (db.changes() == 0) return fail(Errc::kConflict);
    for (const auto& id : keep_files) {
      Query q(db, kKeepFile);
      q.bind(id, user_id);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    return SettingsDocument{std::string(scope), expected_version + 1, std::string(document), at};
  });
}

}  // namespace parley::store::sqlite
