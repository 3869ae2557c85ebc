// The group-commit writer of the SQLite store: one thread owns the only read-write connection
// and runs each batch from its GroupCommitQueue in one BEGIN IMMEDIATE ... COMMIT with a
// SAVEPOINT around each operation, so a failing operation rolls back only itself, and
// completes the callers only after the COMMIT (one fsync for the whole batch).
//
// Threading: submit() may be called from any thread and blocks until the operation's
// transaction has committed (or failed: then every operation of that batch gets kUnavailable).
// Operations run on the writer thread and must not block on anything but the database.
#pragma once

#include "store/group_commit.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

namespace parley::store::sqlite {

class Writer {
 public:
  // Starts the writer thread; `db` must be migrated and is owned by the writer from now on.
  Writer(std::unique_ptr<Connection> db, std::size_t max_batch, std::chrono::microseconds window,
         std::shared_ptr<SqliteStats> stats);
  // Runs what is queued, then stops the thread; later submits fail with kUnavailable.
  void stop() { queue_.stop(); }

  template <class T>
  Result<T> submit(std::function<Result<T>(Connection&)> fn) {
    return queue_.template submit<T>(std::move(fn));
  }

 private:
  using Queue = GroupCommitQueue<Connection>;

  void commit(Queue::Batch& batch);
  bool run_one(Queue::Operation& op);  // false when the transaction is lost
  bool exec(std::string_view sql);
  void failed(Queue::Batch& batch);

  std::unique_ptr<Connection> db_;  // used only by the writer thread
  std::shared_ptr<SqliteStats> stats_;
  Queue queue_;  // last: its thread stops before the connection closes
};

}  // namespace parley::store::sqlite
