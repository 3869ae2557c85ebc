// SqliteStore: data exports (store/exports.hpp). See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

#define PARLEY_EXPORT_COLUMNS                                                                         \
  "id, user_id, format, options, state, done, total, blob_id, size, error, created_at, finished_at, " \
  "expires_at"

constexpr std::string_view kUnfinished =
    "SELECT count(*) FROM data_exports WHERE user_id = ?1 AND state IN ('queued', 'running')";
constexpr std::string_view kAdd =
    "INSERT INTO data_exports (" PARLEY_EXPORT_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING " PARLEY_EXPORT_COLUMNS;
constexpr std::string_view kById = "SELECT " PARLEY_EXPORT_COLUMNS " FROM data_exports WHERE id = ?1";
constexpr std::string_view kOf =
    "SELECT " PARLEY_EXPORT_COLUMNS " FROM data_exports WHERE user_id = ?1 ORDER BY created_at DESC, id DESC";
constexpr std::string_view kUpdate =
    "UPDATE data_exports SET state = ?2, done = ?3, total = ?4, blob_id = ?5, size = ?6, error = ?7, "
    "finished_at = ?8, expires_at = ?9 WHERE id = ?1 RETURNING " PARLEY_EXPORT_COLUMNS;
constexpr std::string_view kRemove = "DELETE FROM data_exports WHERE id = ?1 RETURNING " PARLEY_EXPORT_COLUMNS;
constexpr std::string_view kExpired =
    "SELECT " PARLEY_EXPORT_COLUMNS " FROM data_exports WHERE expires_at <= ?1 ORDER BY expires_at, id LIMIT ?2";

#undef PARLEY_EXPORT_COLUMNS

DataExport read_export(const Query& q) {
  DataExport e;
  e.id = q.text(0);
  e.user_id = q.text(1);
  e.format = q.text(2);
  e.options = q.text(3);
  e.state = q.text(4);
  e.done = q.int64(5);
  e.total = q.int64(6);
  e.blob_id = q.optional_text(7);
  e.size = q.int64(8);
  e.error = q.optional_text(9);
  e.created_at = q.int64(10);
  e.finished_at = q.optional_int64(11);
  e.expires_at = q.optional_int64(12);
  return e;
}

Result<std::vector<DataExport>> read_exports(Query& q) {
  std::vector<DataExport> out;
  while (q.next()) out.push_back(read_export(q));
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace

Result<DataExport> SqliteStore::add_export(const DataExport& e, std::size_t max_unfinished) {
  return write<DataExport>([&](Connection& db) -> Result<DataExport> {
    {
      Query count(db, kUnfinished);
      count.bind(e.user_id);
      if (!count.next()) return fail(count.failed() ? count.error() : Errc::kUnavailable);
      if (static_cast<std::uint64_t>(count.int64(0)) >= max_unfinished) return fail(Errc::kLimit);
    }
    Query q(db, kAdd);
    q.bind(e.id, e.user_id, e.format, e.options, e.state, e.done, e.total, e.blob_id, e.size, e.error, e.created_at,
           e.finished_at, e.expires_at);
    if (q.next()) return read_export(q);
    return fail(q.failed() ? q.error() : Errc::kUnavailable);
  });
}

Result<DataExport> SqliteStore::export_by_id(std::string_view id) {
  auto db = readers_->acquire();
  Query q(*db, kById);
  q.bind(id);
  if (q.next()) return read_export(q);
  return fail(q.failed() ? q.error() : Errc::kNotFound);
}

Result<std::vector<DataExport>> SqliteStore::exports_of(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kOf);
  q.bind(user_id);
  return read_exports(q);
}

Result<DataExport> SqliteStore::update_export(const DataExport& e) {
  return write<DataExport>([&](Connection& db) -> Result<DataExport> {
    Query q(db, kUpdate);
    q.bind(e.id, e.state, e.done, e.total, e.blob_id, e.size, e.error, e.finished_at, e.expires_at);
    if (q.next()) return read_export(q);
    return fail(q.failed() ? q.error() : Errc::kNotFound);
  });
}

Result<DataExport> SqliteStore::remove_export(std::string_view id) {
  return write<DataExport>([&](Connection& db) -> Result<DataExport> {
    Query q(db, kRemove);
    q.bind(id);
    if (q.next()) return read_export(q);
    return fail(q.failed() ? q.error() : Errc::kNotFound);
  });
}

Result<std::vector<DataExport>> SqliteStore::expired_exports(TimeMs now, std::size_t limit) {
  auto db = readers_->acquire();
  Query q(*db, kExpired);
  q.bind(now, static_cast<std::int64_t>(limit));
  return read_exports(q);
}

}  // namespace parley::store::sqlite
