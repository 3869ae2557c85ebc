// Copies of a live SQLite database for `parley backup` (app/backup.hpp): taken with SQLite's
// online backup API from a read-only connection, all pages in one step under one read
// transaction, so the copy is the database as one commit left it while the server's writer
// goes on (WAL lets it). Safe from any thread; each call opens its own connections.
#pragma once

#include <string>

namespace parley::store::sqlite {

// Copies the database at `path` into a new file `to` and returns the copy's schema version.
// Throws std::runtime_error saying what failed.
int snapshot_database(const std::string& path, const std::string& to);

// The schema version of the database at `path` (0: none yet). Throws std::runtime_error when
// it cannot be read.
int schema_version_of(const std::string& path);

// The version this build migrates to.
int schema_version_known();

}  // namespace parley::store::sqlite
