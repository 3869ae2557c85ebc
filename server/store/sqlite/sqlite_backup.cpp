#include "store/sqlite/sqlite_backup.hpp"

#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"

#include <sqlite3.h>

#include <chrono>
#include <stdexcept>

namespace parley::store::sqlite {

namespace {

constexpr std::chrono::milliseconds kBusyTimeout{10000};

}  // namespace

int schema_version_of(const std::string& path) {
  auto db = Connection::open(path, Connection::Mode::kReadOnly, kBusyTimeout);
  static constexpr std::string_view kHasTable =
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
  {
    Query has(*db, kHasTable);
    if (!has.next()) {
      if (has.failed()) throw std::runtime_error("SQLite: cannot read " + path + ": " + db->error_message());
      return 0;
    }
  }
  static constexpr std::string_view kVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
  Query q(*db, kVersion);
  if (!q.next()) throw std::runtime_error("SQLite: cannot read the schema version of " + path);
  return static_cast<int>(q.int64(0));
}

int snapshot_database(const std::string& path, const std::string& to) {
  auto source = Connection::open(path, Connection::Mode::kReadOnly, kBusyTimeout);
  auto copy = Connection::open(to, Connection::Mode::kReadWrite, kBusyTimeout);
  sqlite3_backup* backup = sqlite3_backup_init(copy->handle(), "main", source->handle(), "main");
  if (backup == nullptr) throw std::runtime_error("SQLite: cannot start the backup: " + copy->error_message());
  // -1: every page in one step, under one read transaction of the source.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    throw std::runtime_error("SQLite: the backup of " + path +
                             " failed: " + sqlite3_errstr(rc == SQLITE_DONE ? finished : rc));
  }
  // A plain file: the copy holds no WAL of its own, and opening it (restore's check) leaves no
  // -wal or -shm beside it; the store turns WAL on again when it opens the database.
  copy->exec_or_throw("PRAGMA journal_mode = DELETE", "make the copy a plain database file");
  copy.reset();
  return schema_version_of(to);
}

int schema_version_known() { return latest_schema_version(); }

}  // namespace parley::store::sqlite
