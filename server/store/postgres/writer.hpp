// The group-commit writer of the PostgreSQL store: one thread owns the write connection (in
// pipeline mode) and a queue of write operations. Each round it takes everything queued (up to
// max_batch) and runs it in one BEGIN ... COMMIT with a SAVEPOINT around each operation, so a
// failing operation rolls back only itself; callers complete only after the COMMIT. While it
// commits, new callers queue up for the next round.
//
// A batch whose transaction is lost before COMMIT (deadlock, serialization failure, broken
// connection) runs again, on a new connection when needed; operations must therefore only
// touch the database. If it fails again, or the COMMIT itself did not answer, every operation
// of the batch gets kUnavailable.
//
// Threading: submit() may be called from any thread and blocks until the operation's
// transaction has committed or failed. Operations run on the writer thread.
#pragma once

#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_store.hpp"

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
#include <string>
#include <thread>
#include <vector>

namespace parley::store::postgres {

class Writer {
 public:
  // Starts the writer thread; it connects on its first batch.
  Writer(std::string url, Connection::Options options, std::size_t max_batch, std::shared_ptr<PostgresStats> stats);
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
  enum class Outcome { kCommitted, kRetry, kFailed };

  bool enqueue(std::unique_ptr<Operation> op);
  void loop();
  void commit(Batch& batch);
  Outcome run_batch(Batch& batch);
  Outcome abandon();  // rolls back a lost transaction
  bool connect();
  void record_commit(std::size_t size);
  static void fail_all(Batch& batch, Errc e);
  static void report(const std::exception& e);

  const std::string url_;
  const Connection::Options options_;
  const std::size_t max_batch_;
  std::shared_ptr<PostgresStats> stats_;
  std::unique_ptr<Connection> db_;  // used only by the writer thread; null while disconnected
  bool down_ = false;               // used only by the writer thread: the last connect failed

  std::mutex mutex_;
  std::condition_variable wake_;                  // guarded by mutex_
  std::deque<std::unique_ptr<Operation>> queue_;  // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_

  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace parley::store::postgres
