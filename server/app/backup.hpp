// Server backup and restore for the embedded shape (`parley backup`, `parley restore`):
//
// - backup takes, while Parley runs, a consistent copy of the database (SQLite's online backup
//   API: the database as one commit left it), then the files' blobs and the generated token
//   secret, into one tar archive written beside the target and renamed into place when whole:
//     manifest.json   {format: 1, schemaVersion, createdAt, database, files, bytes}
//     parley.db       the copy
//     jwt_secret      when the data directory holds one
//     files/...       the blob store's objects (files_dir, default <data_dir>/files)
//   Blobs are copied after the database: a file sent meanwhile is in the archive without the
//   message that carries it (harmless); one whose last message was deleted meanwhile may be
//   missing from it, as the sweep removed it (counted and reported, never an error).
// - restore unpacks such an archive into a data directory that is empty or absent, refusing
//   an archive of a newer schema than this build knows (an older one is migrated when Parley
//   starts on it), names that would leave the directory, and anything but files and folders.
//
// The cluster shape's database is PostgreSQL's (pg_dump; README) and its blobs may be S3's:
// both commands refuse it.
#pragma once

#include "app/config.hpp"

#include <cstdint>
#include <string>

namespace parley::app {

struct BackupReport {
  int schema_version = 0;
  std::int64_t files = 0;          // blobs archived
  std::int64_t bytes = 0;          // the archive's size
  std::int64_t files_missing = 0;  // removed by the sweep between the listing and their copy
};

// Throws std::runtime_error (or ConfigError) saying what failed; `to` is then left as it was.
BackupReport backup_data(const Config& config, const std::string& to);

struct RestoreReport {
  int schema_version = 0;
  std::int64_t files = 0;
};

// Throws std::runtime_error saying what failed; what was unpacked is then removed again.
RestoreReport restore_data(const Config& config, const std::string& from);

// `parley backup --to FILE [settings]` and `parley restore FILE [settings]`: the process's exit
// code (0 done, 1 failed, 2 bad arguments). `args` without the program's name.
int run_backup_command(const std::string& program, const std::vector<std::string>& args);
int run_restore_command(const std::string& program, const std::vector<std::string>& args);

}  // namespace parley::app
