// The group-commit writer of the PostgreSQL store: one thread owns the write connection (in
// pipeline mode) and runs each batch from its GroupCommitQueue in one BEGIN ... COMMIT with a
// SAVEPOINT around each operation, so a failing operation rolls back only itself; callers
// complete only after the COMMIT. The writers of all processes sharing the database take
// turns (one transaction-scoped advisory lock), so that they never deadlock on each other.
//
// A batch whose transaction is lost before COMMIT (deadlock, serialization failure, broken
// connection) runs again, on a new connection when needed; operations must therefore only
// touch the database. If it fails again, or the COMMIT itself did not answer, every operation
// of the batch gets kUnavailable.
//
// Threading: submit() may be called from any thread and blocks until the operation's
// transaction has committed or failed. Operations run on the writer thread.
#pragma once

#include "store/group_commit.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_store.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace parley::store::postgres {

class Writer {
 public:
  // Starts the writer thread; it connects on its first batch.
  Writer(std::string url, Connection::Options options, std::size_t max_batch, std::shared_ptr<PostgresStats> stats);
  // Runs what is queued, then stops the thread; later submits fail with kUnavailable.
  void stop() { queue_.stop(); }

  template <class T>
  Result<T> submit(std::function<Result<T>(Connection&)> fn) {
    return queue_.template submit<T>(std::move(fn));
  }

 private:
  using Queue = GroupCommitQueue<Connection>;
  enum class Outcome { kCommitted, kRetry, kFailed };

  void commit(Queue::Batch& batch);
  Outcome run_batch(Queue::Batch& batch);
  Outcome abandon();  // rolls back a lost transaction
  bool connect();

  const std::string url_;
  const Connection::Options options_;
  std::shared_ptr<PostgresStats> stats_;
  std::unique_ptr<Connection> db_;  // used only by the writer thread; null while disconnected
  bool down_ = false;               // used only by the writer thread: the last connect failed
  Queue queue_;                     // last: its thread stops before the connection closes
};

}  // namespace parley::store::postgres
