// Versioned migrations of the PostgreSQL store. migrate() runs at open, in one transaction
// holding an advisory lock keyed by the schema, so that processes opening the same database at
// once migrate it once: the others wait, then find it current.
#pragma once

#include "store/postgres/connection.hpp"

namespace parley::store::postgres {

int latest_schema_version();

// Brings the schema (the first of the connection's search_path) to the latest version; returns
// the version it had. Throws std::runtime_error when that fails or the schema is newer than
// this build knows.
int migrate(Connection& db);

}  // namespace parley::store::postgres
