// The group-commit writer of the PostgreSQL store: one thread owns the write connection (in
// pipeline mode) and runs each batch from its GroupCommitQueue in one BEGIN ... COMMIT with a
// SAVEPOINT around each operation, so a failing operation rolls back only itself; callers
// complete only after the COMMIT.
//
// Locks. The writers of every process sharing the database write at once, except where their
// batches change the same things. Each operation declares what it changes (WriteLocks, named
// by lock_key() and lock_name() below); before writing anything, a batch takes a
// transaction-scoped advisory lock on every name its operations declared, in one statement and
// in one order (by lock key), held until COMMIT or ROLLBACK. So two batches of different chats
// run in parallel, and two that share chats wait for each other instead of locking the rows
// of those chats in different orders (which deadlocked, and PostgreSQL breaks a deadlock only
// after deadlock_timeout, a second). A chat's lock is the one the outbox takes for its events
// (postgres_store.cpp), held from the events' positions to the commit, so that the positions
// of one chat's events follow commit order (and their seq).
//
// Every batch first takes one global lock, shared. A batch holding an operation that declares
// `everything` (what it changes cannot be named up front: the account check), or more than
// kMaxLocks names, takes it exclusively and runs alone. Processes of the previous release take
// the same global lock exclusively for every batch, so during a rolling upgrade they still run
// alone.
//
// A batch whose transaction is lost before COMMIT (deadlock, serialization failure, broken
// connection) runs again, on a new connection when needed; operations must therefore only
// touch the database. If it fails again, or the COMMIT itself did not answer, every operation
// of the batch gets kUnavailable. Rows that no declared name covers can still deadlock (one
// client message id sent into two chats through two processes at once): PostgreSQL breaks it
// and the batch runs again.
//
// Threading: submit() may be called from any thread and blocks until the operation's
// transaction has committed or failed. Operations, and the declarations of submit_declaring(),
// run on the writer thread.
#pragma once

#include "store/group_commit.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_store.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store::postgres {

// The lock of an outbox key: a chat (by its id) or, for user events, a user. Writes to a
// chat's rows, its messages and their statuses declare it; so do writes to a user's row.
std::string lock_key(std::string_view key);
// The lock of anything else a write changes, by kind ("email", "pair", "session", ...).
std::string lock_name(std::string_view kind, std::string_view id);

// What an operation declares: these names; the chats of these messages; everything.
WriteLocks lock_names(std::vector<std::string> names);
WriteLocks lock_chats_of(std::vector<std::string> message_ids);
WriteLocks lock_everything();

class Writer {
 public:
  // More names than this in one batch: it runs alone. Each lock held takes a slot of the
  // server's shared lock table (max_locks_per_transaction times max_connections slots).
  static constexpr std::size_t kMaxLocks = 256;

  using Queue = GroupCommitQueue<Connection>;

  // Starts the writer thread; it connects on its first batch.
  Writer(std::string url, Connection::Options options, std::size_t max_batch, std::shared_ptr<PostgresStats> stats);
  // Runs what is queued, then stops the thread; later submits fail with kUnavailable.
  void stop() { queue_.stop(); }

  // Runs `fn` in the next batch, after the batch locked `locks`.
  template <class T>
  Result<T> submit(WriteLocks locks, std::function<Result<T>(Connection&)> fn) {
    return queue_.template submit<T>([locks = std::move(locks)](WriteLocks& batch) { add(batch, locks); },
                                     std::move(fn));
  }
  // The same when the locks are known only on the writer thread (the appends that queued).
  template <class T>
  Result<T> submit_declaring(Queue::Declare declare, std::function<Result<T>(Connection&)> fn) {
    return queue_.template submit<T>(std::move(declare), std::move(fn));
  }

 private:
  enum class Outcome { kCommitted, kRetry, kFailed };

  static void add(WriteLocks& batch, const WriteLocks& op);
  void commit(Queue::Batch& batch);
  Outcome run_batch(Queue::Batch& batch, const WriteLocks& locks);
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
