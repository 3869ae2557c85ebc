// The SQLite schema of Parley as an ordered list of migrations, applied when the store opens.
// Each migration runs in its own transaction and records its version in `schema_version`, so
// opening an up-to-date database changes nothing, and a crash mid-migration leaves the previous
// version intact. Called once, on the writer connection, before any other use.
#pragma once

#include "store/sqlite/connection.hpp"

#include <string>
#include <utility>
#include <vector>

namespace parley::store::sqlite {

// The version a fully migrated database has.
int latest_schema_version();
// Each migration's version and what it does, in order. The PostgreSQL store's list must agree
// step for step (a unit test checks it).
std::vector<std::pair<int, std::string>> migration_steps();

// Brings the database to latest_schema_version(); returns the version it had before.
// Throws std::runtime_error when a migration fails or the database is newer than this code.
int migrate(Connection& db);

}  // namespace parley::store::sqlite
