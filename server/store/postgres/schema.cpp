#include "store/postgres/schema.hpp"
#include "store/postgres/schema_steps.hpp"

#include "store/postgres/postgres_store_impl.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::store::postgres {
namespace {

// One lock per schema, so that stores in different schemas of a database migrate in parallel.
constexpr const char* kLock =
    "SELECT pg_advisory_lock(hashtextextended('parley.migrate.' || COALESCE(current_schema(), ''), 0))";
constexpr const char* kUnlock =
    "SELECT pg_advisory_unlock(hashtextextended('parley.migrate.' || COALESCE(current_schema(), ''), 0))";

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version    integer PRIMARY KEY,
  applied_at bigint NOT NULL
)
)sql";

constexpr std::string_view kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
constexpr std::string_view kRecordVersion = "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)";

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int current_version(Connection& db) {
  auto rows = db.query(kCurrentVersion);
  if (!rows || rows->empty()) {
    throw std::runtime_error("PostgreSQL: cannot read the schema version" +
                             (rows ? std::string() : ": " + rows.error().message));
  }
  return static_cast<int>(rows->int64(0, 0));
}

void apply(Connection& db, const Migration& migration) {
  const std::string name = "migration " + std::to_string(migration.version) + " (" + migration.what + ")";
  if (migration.outside_transaction) {
    db.exec_or_throw(migration.sql, name);
    if (auto r = db.query(kRecordVersion, Params(migration.version, now_ms())); !r) {
      throw std::runtime_error("PostgreSQL: cannot record schema version: " + r.error().message);
    }
    return;
  }
  db.exec_or_throw("BEGIN", "start " + name);
  try {
    db.exec_or_throw(migration.sql, name);
    if (migration.then != nullptr) migration.then(db);
    if (auto r = db.query(kRecordVersion, Params(migration.version, now_ms())); !r) {
      throw std::runtime_error("PostgreSQL: cannot record schema version: " + r.error().message);
    }
    db.exec_or_throw("COMMIT", "commit " + name);
  } catch (...) {
    if (!db.broken()) {
      try {
        db.exec_or_throw("ROLLBACK", "roll back " + name);
      } catch (const std::runtime_error&) {  // the first error is the one to report
      }
    }
    throw;
  }
}

int migrate_locked(Connection& db, std::span<const Migration> migrations) {
  db.exec_or_throw(kCreateVersionTable, "create schema_version");
  const int before = current_version(db);
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (before > latest) {
    throw std::runtime_error("PostgreSQL: the database has schema version " + std::to_string(before) +
                             ", newer than this build of parley knows (" + std::to_string(latest) + ")");
  }
  for (const auto& migration : migrations) {
    if (migration.version > before) apply(db, migration);
  }
  return before;
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

int migrate(Connection& db) { return migrate(db, migration_list()); }

int migrate(Connection& db, std::span<const Migration> migrations) {
  // A session lock, held across the migrations' own transactions; the connection's end would
  // release it too.
  db.exec_or_throw(kLock, "lock the schema for migration");
  try {
    const int before = migrate_locked(db, migrations);
    db.exec_or_throw(kUnlock, "unlock the schema");
    return before;
  } catch (...) {
    if (!db.broken()) {
      try {
        db.exec_or_throw(kUnlock, "unlock the schema");
      } catch (const std::runtime_error&) {  // the first error is the one to report
      }
    }
    throw;
  }
}

}  // namespace parley::store::postgres
