// The group-commit writer of the SQLite store: one thread owns the only read-write connection
// and a queue of write operations. Each round it takes everything queued (up to max_batch),
// runs it in one BEGIN IMMEDIATE ... COMMIT with a SAVEPOINT around each operation, so a
// failing operation rolls back only itself, and completes the callers only after the COMMIT
// (one fsync for the whole batch). While it commits, new callers queue up for the next round.
//
// Threading: submit() may be called from any thread and blocks until the operation's
// transaction has committed (or failed: then every operation of that batch gets kUnavailable).
// Operations run on the writer thread and must not block on anything but the database.
#pragma once

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace parley::store::sqlite {

class Writer {
 public:
  // Starts the writer thread; `db` must be migrated and is owned by the writer from now on.
  Writer(std::unique_ptr<Connection> db, std::size_t max_batch, std::shared_ptr<SqliteStats> stats);
  ~Writer();  // stop(), then closes the connection
  // Runs what is queued, then stops the thread; later submits fail with kUnavailable.
  void stop();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs `fn` on the writer connection inside the next batch; blocks until committed. A failed
  // Result rolls back what `fn` wrote; a successful one is committed with the batch.
  template <class T>
  Result<T> submit(std::function<Result<T>(Connection&)> fn) {
    auto op = std::make_unique<Op<T>>(std::move(fn));
    auto future = op->promise.get_future();
    if (!enqueue(std::move(op))) return util::fail(Errc::kUnavailable);
    return future.get();
  }

 private:
  struct Operation {
    virtual ~Operation() = default;
    virtual bool run(Connection& db) = 0;  // true: keep its writes
    virtual void complete() = 0;           // after COMMIT: hand the result to the caller
    virtual void fail(Errc e) = 0;         // the batch did not commit
  };

  template <class T>
  struct Op final : Operation {
    explicit Op(std::function<Result<T>(Connection&)> f) : fn(std::move(f)) {}
    bool run(Connection& db) override {
      try {
        result.emplace(fn(db));
      } catch (const std::exception& e) {  // nothing here should throw; keep the writer alive
        report(e);
        result.emplace(util::fail(Errc::kUnavailable));
      }
      return result->ok();
    }
    void complete() override { promise.set_value(std::move(*result)); }
    void fail(Errc e) override { promise.set_value(util::fail(e)); }

    std::function<Result<T>(Connection&)> fn;
    std::optional<Result<T>> result;
    std::promise<Result<T>> promise;
  };

  using Batch = std::vector<std::unique_ptr<Operation>>;

  bool enqueue(std::unique_ptr<Operation> op);
  void loop();
  void commit(Batch& batch);
  bool run_one(Operation& op);  // false when the transaction is lost
  bool exec(std::string_view sql);
  static void fail_all(Batch& batch, Errc e);
  static void report(const std::exception& e);

  std::unique_ptr<Connection> db_;  // used only by the writer thread
  const std::size_t max_batch_;
  std::shared_ptr<SqliteStats> stats_;

  std::mutex mutex_;
  std::condition_variable wake_;                  // guarded by mutex_
  std::deque<std::unique_ptr<Operation>> queue_;  // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_

  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace parley::store::sqlite
