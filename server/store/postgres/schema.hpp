// Versioned migrations of the PostgreSQL store. migrate() runs at open, holding an advisory
// lock keyed by the schema, so that processes opening the same database at once migrate it
// once: the others wait, then find it current. Each migration runs in a transaction of its
// own, except a step declared to run outside one (CREATE INDEX CONCURRENTLY on a live table,
// which PostgreSQL refuses inside a transaction): such a step must be safe to run again
// (IF NOT EXISTS), since a crash may come between it and the record of its version.
#pragma once

#include "store/postgres/connection.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace parley::store::postgres {

int latest_schema_version();
// Each migration's version and what it does, in order (the SQLite store's list must agree).
std::vector<std::pair<int, std::string>> migration_steps();

struct Migration {
  int version = 0;
  const char* what = nullptr;
  const char* sql = nullptr;
  // Runs after `sql` in the same transaction, for data that SQL alone cannot compute.
  void (*then)(Connection& db) = nullptr;
  // Runs outside a transaction (and without `then`).
  bool outside_transaction = false;
};

// Brings the schema (the first of the connection's search_path) to the latest version; returns
// the version it had. Throws std::runtime_error when that fails or the schema is newer than
// this build knows.
int migrate(Connection& db);
// The same with another list of migrations (tests).
int migrate(Connection& db, std::span<const Migration> migrations);

}  // namespace parley::store::postgres
