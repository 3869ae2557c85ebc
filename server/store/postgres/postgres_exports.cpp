// PostgresStore: data exports (store/exports.hpp). See postgres_store_impl.hpp. A person's lock
// makes the count of their unfinished exports and an add one step.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

#define PARLEY_EXPORT_COLUMNS                                                                         \
  "id, user_id, format, options, state, done, total, blob_id, size, error, created_at, finished_at, " \
  "expires_at"

constexpr std::string_view kUnfinished =
    "SELECT count(*) FROM data_exports WHERE user_id = $1::text AND state IN ('queued', 'running')";
constexpr std::string_view kAdd =
    "INSERT INTO data_exports (" PARLEY_EXPORT_COLUMNS
    ") VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::bigint, $8::text, $9::bigint, "
    "$10::text, $11::bigint, $12::bigint, $13::bigint) RETURNING " PARLEY_EXPORT_COLUMNS;
constexpr std::string_view kById = "SELECT " PARLEY_EXPORT_COLUMNS " FROM data_exports WHERE id = $1::text";
constexpr std::string_view kOf =
    "SELECT " PARLEY_EXPORT_COLUMNS " FROM data_exports WHERE user_id = $1::text ORDER BY created_at DESC, id DESC";
constexpr std::string_view kUpdate =
    "UPDATE data_exports SET state = $2::text, done = $3::bigint, total = $4::bigint, blob_id = $5::text, "
    "size = $6::bigint, error = $7::text, finished_at = $8::bigint, expires_at = $9::bigint WHERE id = $1::text "
    "RETURNING " PARLEY_EXPORT_COLUMNS;
constexpr std::string_view kRemove = "DELETE FROM data_exports WHERE id = $1::text RETURNING " PARLEY_EXPORT_COLUMNS;
constexpr std::string_view kExpired =
    "SELECT " PARLEY_EXPORT_COLUMNS
    " FROM data_exports WHERE expires_at <= $1::bigint ORDER BY expires_at, id LIMIT $2::bigint";

#undef PARLEY_EXPORT_COLUMNS

DataExport read_export(const Rows& r, int row) {
  DataExport e;
  e.id = r.text(row, 0);
  e.user_id = r.text(row, 1);
  e.format = r.text(row, 2);
  e.options = r.text(row, 3);
  e.state = r.text(row, 4);
  e.done = r.int64(row, 5);
  e.total = r.int64(row, 6);
  e.blob_id = r.optional_text(row, 7);
  e.size = r.int64(row, 8);
  e.error = r.optional_text(row, 9);
  e.created_at = r.int64(row, 10);
  e.finished_at = r.optional_int64(row, 11);
  e.expires_at = r.optional_int64(row, 12);
  return e;
}

std::vector<DataExport> read_exports(const Rows& r) {
  std::vector<DataExport> out;
  for (int i = 0; i < r.size(); ++i) out.push_back(read_export(r, i));
  return out;
}

// One row, or kNotFound.
Result<DataExport> one_export(const Reply& r) {
  if (!r) return fail(errc_of(r));
  if (r->empty()) return fail(Errc::kNotFound);
  return read_export(*r, 0);
}

}  // namespace

Result<DataExport> PostgresStore::add_export(const DataExport& e, std::size_t max_unfinished) {
  return write<DataExport>(lock_names({lock_name("exports", e.user_id)}), [&](Connection& db) -> Result<DataExport> {
    auto count = db.query(kUnfinished, Params(e.user_id));
    if (!count) return fail(errc_of(count));
    if (static_cast<std::uint64_t>(count->int64(0, 0)) >= max_unfinished) return fail(Errc::kLimit);
    return one_export(db.query(kAdd, Params(e.id, e.user_id, e.format, e.options, e.state, e.done, e.total, e.blob_id,
                                            e.size, e.error, e.created_at, e.finished_at, e.expires_at)));
  });
}

Result<DataExport> PostgresStore::export_by_id(std::string_view id) {
  return read([&](Connection& db) { return one_export(db.query(kById, Params(id))); });
}

Result<std::vector<DataExport>> PostgresStore::exports_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<DataExport>> {
    auto r = db.query(kOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    return read_exports(*r);
  });
}

Result<DataExport> PostgresStore::update_export(const DataExport& e) {
  return write<DataExport>(lock_names({lock_name("export", e.id)}), [&](Connection& db) {
    return one_export(db.query(
        kUpdate, Params(e.id, e.state, e.done, e.total, e.blob_id, e.size, e.error, e.finished_at, e.expires_at)));
  });
}

Result<DataExport> PostgresStore::remove_export(std::string_view id) {
  return write<DataExport>(lock_names({lock_name("export", id)}),
                           [&](Connection& db) { return one_export(db.query(kRemove, Params(id))); });
}

Result<std::vector<DataExport>> PostgresStore::expired_exports(TimeMs now, std::size_t limit) {
  return read([&](Connection& db) -> Result<std::vector<DataExport>> {
    auto r = db.query(kExpired, Params(now, static_cast<std::int64_t>(limit)));
    if (!r) return fail(errc_of(r));
    return read_exports(*r);
  });
}

}  // namespace parley::store::postgres
