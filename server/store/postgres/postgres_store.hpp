// The PostgreSQL backend of store::Store, for the cluster shape: any number of parley
// processes share one PostgreSQL 15 database. The schema is migrated at open (versioned, under
// an advisory lock, so processes starting together migrate once).
//
// Writes go to one writer thread that group-commits everything queued into one transaction
// with a SAVEPOINT per operation, over a connection in libpq pipeline mode: statements whose
// results are not needed at once (savepoints, outbox rows, ...) travel with the next one, so
// most operations cost one round trip. The writers of several processes on one database write
// at once, each transaction first locking the chats (and users, ...) its operations change, in
// one order (store/postgres/writer.hpp). A deadlock or serialization failure, or a connection
// lost before COMMIT, runs the batch again once on a fresh connection; a connection lost
// during COMMIT fails the batch with kUnavailable (its outcome is unknown: callers retry, and
// client_message_id keeps a retried message from being stored twice).
//
// Reads run on a small pool of connections, each statement in its own round trip; so do the
// job queue's changes (store/job_store.hpp), on connections of their own. Every connection
// reconnects on its next use after it broke: while the server is unreachable, calls fail with
// kUnavailable within the connect and I/O timeouts, and succeed again once it is back.
//
// With `outbox`, every change also writes its event (store/outbox_events.hpp) in its
// transaction, after taking a per-key transaction lock, so that positions within a key follow
// commit order across processes.
//
// Thread-safe like every Store; destroying the store finishes the queued writes, then closes
// all connections (no call may still be running).
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

// Counters of the writer, for metrics and tests; relaxed atomics, readable at any time.
struct PostgresStats : WriterStats {
  std::atomic<std::int64_t> retried_batches{0};    // transactions run again (deadlock, lost connection)
  std::atomic<std::int64_t> reconnects{0};         // connections replaced after they broke
  std::atomic<std::int64_t> exclusive_batches{0};  // transactions that ran alone (writer.hpp, locks)
};

struct PostgresOptions {
  std::size_t readers = 4;                            // read connections; more callers wait
  std::size_t job_connections = 2;                    // connections for the job queue's changes
  std::size_t max_batch = 500;                        // operations per write transaction
  std::chrono::milliseconds connect_timeout{2000};    // libpq rounds it up to whole seconds, at least 2
  std::chrono::milliseconds statement_timeout{5000};  // the server cancels longer statements
  std::chrono::milliseconds io_timeout{10000};        // the longest wait for any answer
  bool outbox = false;                                // write every change's event (docs/events.md)
  std::shared_ptr<PostgresStats> stats;               // optional: counters the store updates
};

// Connects to `url` (postgres:// or postgresql://, any libpq connection string) and migrates
// the schema. Throws std::runtime_error saying what failed when the server cannot be reached,
// refuses the login, or has a schema newer than this build: a store is never opened without a
// database behind it; once open, an unreachable server gives kUnavailable instead.
std::unique_ptr<Store> open_postgres_store(const std::string& url, const PostgresOptions& options = {});

}  // namespace parley::store
