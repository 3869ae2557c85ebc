// PostgresStore: settings documents (store/settings.hpp). See postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kAll =
    "SELECT scope, version, document, updated_at FROM user_settings WHERE user_id = $1::text "
    "ORDER BY scope COLLATE \"C\"";
constexpr std::string_view kOne =
    "SELECT scope, version, document, updated_at FROM user_settings WHERE user_id = $1::text AND scope = $2::text";
// Written only over the version the writer read (none: 0).
constexpr std::string_view kPut =
    "INSERT INTO user_settings (user_id, scope, version, document, updated_at) "
    "VALUES ($1::text, $2::text, $3::bigint + 1, $4::text, $5::bigint) "
    "ON CONFLICT (user_id, scope) DO UPDATE SET version = excluded.version, document = excluded.document, "
    "updated_at = excluded.updated_at WHERE user_settings.version = $3::bigint RETURNING version";
constexpr std::string_view kKeepFiles =
    "UPDATE files SET attached = true WHERE id = ANY ($1::text[]) AND owner_id = $2::text AND NOT attached";

SettingsDocument document_in(const Rows& rows, int i) {
  return {rows.text(i, 0), rows.int64(i, 1), rows.text(i, 2), rows.int64(i, 3)};
}

}  // namespace

Result<std::vector<SettingsDocument>> PostgresStore::settings_documents(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<SettingsDocument>> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r = db.query(kAll, Params(user_id));
    if (!r) return fail(errc_of(r));
    std::vector<SettingsDocument> out(1);
    for (int i = 0; i < r->size(); ++i) {
      auto d = document_in(*r, i);
      if (d.scope.empty()) {
        out.front() = std::move(d);
      } else {
        out.push_back(std::move(d));
      }
    }
    return out;
  });
}

Result<SettingsDocument> PostgresStore::settings_document(std::string_view user_id, std::string_view scope) {
  return read([&](Connection& db) -> Result<SettingsDocument> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r = db.query(kOne, Params(user_id, scope));
    if (!r) return fail(errc_of(r));
    if (!r->empty()) return document_in(*r, 0);
    SettingsDocument none;
    none.scope = std::string(scope);
    return none;
  });
}

Result<SettingsDocument> PostgresStore::put_settings(std::string_view user_id, std::string_view scope,
                                                     std::int64_t expected_version, std::string_view document,
                                                     const std::vector<std::string>& keep_files, TimeMs at) {
  return write<SettingsDocument>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<SettingsDocument> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r = db.query(kPut, Params(user_id, scope, expected_version, document, at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kConflict);
    if (!keep_files.empty()) {
      if (auto k = db.query(kKeepFiles, Params(keep_files, user_id)); !k) return fail(errc_of(k));
    }
    return SettingsDocument{std::string(scope), expected_version + 1, std::string(document), at};
  });
}

}  // namespace parley::store::postgres
