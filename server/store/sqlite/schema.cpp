#include "store/sqlite/schema.hpp"
#include "store/sqlite/schema_steps.hpp"

#include "store/sqlite/sqlite_store_impl.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::store::sqlite {
namespace {

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version    INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL
) STRICT;
)sql";

constexpr std::string_view kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
constexpr std::string_view kRecordVersion = "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)";

int current_version(Connection& db) {
  Query q(db, kCurrentVersion);
  if (!q.next()) throw std::runtime_error("SQLite: cannot read the schema version: " + db.error_message());
  return static_cast<int>(q.int64(0));
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void apply(Connection& db, const Migration& migration) {
  db.exec_or_throw("BEGIN IMMEDIATE", "start a migration");
  try {
    // Another process may have migrated between our check and BEGIN.
    if (current_version(db) >= migration.version) {
      db.exec_or_throw("COMMIT", "end a migration");
      return;
    }
    db.exec_or_throw(migration.sql, "migration " + std::to_string(migration.version) + " (" + migration.what + ")");
    if (migration.then != nullptr) migration.then(db);
    Query record(db, kRecordVersion);
    if (!record.bind(migration.version, now_ms()).run()) {
      throw std::runtime_error("SQLite: cannot record schema version: " + db.error_message());
    }
    db.exec_or_throw("COMMIT", "commit migration " + std::to_string(migration.version));
  } catch (...) {
    if (db.in_transaction()) db.exec_or_throw("ROLLBACK", "roll back a failed migration");
    throw;
  }
}

}  // namespace

std::span<const Migration> migration_list() {
  static const std::vector<Migration> kAll = [] {
    std::vector<Migration> steps(base_migrations().begin(), base_migrations().end());
    steps.insert(steps.end(), feature_migrations().begin(), feature_migrations().end());
    steps.insert(steps.end(), composing_migrations().begin(), composing_migrations().end());
    return steps;
  }();
  return kAll;
}

int latest_schema_version() { return migration_list().back().version; }

std::vector<std::pair<int, std::string>> migration_steps() {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& m : migration_list()) out.emplace_back(m.version, m.what);
  return out;
}

int migrate(Connection& db) {
  db.exec_or_throw(kCreateVersionTable, "create schema_version");
  const int before = current_version(db);
  if (before > latest_schema_version()) {
    throw std::runtime_error("SQLite: the database has schema version " + std::to_string(before) +
                             ", newer than this build of parley knows (" + std::to_string(latest_schema_version()) +
                             ")");
  }
  for (const auto& migration : migration_list()) {
    if (migration.version > before) apply(db, migration);
  }
  return before;
}

}  // namespace parley::store::sqlite
