// The SQLite backend of store::Store, Parley's embedded default: one database file in WAL mode
// with synchronous=FULL (a write that returned is on disk), foreign keys on, and the schema
// migrated at open.
//
// Writes go to one writer thread that group-commits everything queued into one transaction
// (a savepoint per operation); reads run on a small pool of read-only connections, which WAL
// lets run while the writer commits. Thread-safe like every Store; destroying the store
// finishes the queued writes, then closes all connections (no call may still be running).
#pragma once

#include "store/store.hpp"
#include "store/writer_stats.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace parley::store {

// Counters of the writer, for metrics and tests; readable at any time.
struct SqliteStats : WriterStats {};

struct SqliteOptions {
  std::size_t readers = 4;                       // read-only connections; more callers wait
  std::chrono::milliseconds busy_timeout{5000};  // waiting for a lock held by another process
  std::size_t max_batch = 1000;                  // operations per write transaction
  std::chrono::microseconds commit_window{0};    // how long a batch waits for more (group_commit.hpp)
  std::shared_ptr<SqliteStats> stats;            // optional: counters the store updates
  bool outbox = false;                           // write an event per change into the outbox table (docs/events.md)
  // The trigram index of message search follows the writer in batches, this long after the first
  // new message (search_indexer.hpp). 0: no indexing thread (tests drive it themselves).
  std::chrono::milliseconds search_index_delay{50};
};

// Opens (creating if needed) the database at `path` and migrates it. Throws std::runtime_error
// saying what failed when the file cannot be opened, is not a database, cannot use WAL, or has
// a schema newer than this build.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options = {});

}  // namespace parley::store
