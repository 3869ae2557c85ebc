// The group-commit queue both store backends write through: callers on any thread submit write
// operations and block; one writer thread takes everything queued (up to max_batch) and hands
// it to the backend's commit function, which runs the batch in one transaction and then
// completes or fails each operation. While a batch commits, new callers queue for the next one.
// With a commit window, the writer waits up to that long after the first operation of a batch
// for more to join it (a full batch goes at once): under moderate load, one commit (and one
// fsync) then serves several callers, for at most the window's added latency.
//
// An operation may declare what it will change (WriteLocks), for a backend whose writers in
// several processes share one database (PostgreSQL locks all that a batch declared before
// running it); a backend that is the only writer of its database (SQLite) ignores it.
//
// Threading: submit() from any thread; Operation::run and the commit function run on the writer
// thread only. stop() (also in the destructor) runs what is queued, then ends the thread; later
// submits fail with kUnavailable.
#pragma once

#include "store/store.hpp"
#include "store/writer_stats.hpp"
#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace parley::store {

// What a write operation will change, named by the backend (for PostgreSQL, see
// store/postgres/writer.hpp). Declared when the batch is about to run, before its transaction.
struct WriteLocks {
  std::vector<std::string> names;     // the things changed: a chat, a user, ...
  std::vector<std::string> messages;  // also the chats of these messages (known to the database)
  bool everything = false;            // what it changes cannot be named: it runs alone
};

template <class Db>
class GroupCommitQueue {
 public:
  // One write operation: declare() its locks (each time the batch is about to run), run()
  // inside the batch's transaction (true: keep its writes), then complete() after COMMIT or
  // fail() when the batch did not commit.
  struct Operation {
    virtual ~Operation() = default;
    virtual void declare(WriteLocks& locks) = 0;
    virtual bool run(Db& db) = 0;
    virtual void complete() = 0;
    virtual void fail(Errc e) = 0;
  };
  using Batch = std::vector<std::unique_ptr<Operation>>;
  using Commit = std::function<void(Batch&)>;
  // Adds what an operation will change to the batch's locks; runs on the writer thread.
  using Declare = std::function<void(WriteLocks&)>;

  // Starts the writer thread, named `thread_name`; `commit` must complete or fail every
  // operation of the batch it is given.
  GroupCommitQueue(std::size_t max_batch, std::string thread_name, Commit commit,
                   std::chrono::microseconds window = std::chrono::microseconds(0))
      : max_batch_(std::max<std::size_t>(max_batch, 1)),
        window_(window),
        commit_(std::move(commit)),
        thread_([this, name = std::move(thread_name)] {
          util::name_this_thread(name);
          loop();
        }) {}
  ~GroupCommitQueue() { stop(); }
  GroupCommitQueue(const GroupCommitQueue&) = delete;
  GroupCommitQueue& operator=(const GroupCommitQueue&) = delete;

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  // Runs `fn` inside the next batch; blocks until committed. A failed Result rolls back what
  // `fn` wrote; a successful one is committed with the batch.
  template <class T>
  Result<T> submit(std::function<Result<T>(Db&)> fn) {
    return submit<T>(nullptr, std::move(fn));
  }
  // The same, for an operation that declares what it changes (null: nothing to declare).
  template <class T>
  Result<T> submit(Declare declare, std::function<Result<T>(Db&)> fn) {
    auto op = std::make_unique<Op<T>>(std::move(declare), std::move(fn));
    auto future = op->promise.get_future();
    if (!enqueue(std::move(op))) return util::fail(Errc::kUnavailable);
    return future.get();
  }

  static void fail_all(Batch& batch, Errc e) {
    for (auto& op : batch) op->fail(e);
  }

 private:
  template <class T>
  struct Op final : Operation {
    Op(Declare d, std::function<Result<T>(Db&)> f) : declare_locks(std::move(d)), fn(std::move(f)) {}
    void declare(WriteLocks& locks) override {
      if (declare_locks) declare_locks(locks);
    }
    bool run(Db& db) override {
      try {
        result.emplace(fn(db));
      } catch (const std::exception& e) {  // nothing here should throw; keep the writer alive
        spdlog::error("store writer: operation threw: {}", e.what());
        result.emplace(util::fail(Errc::kUnavailable));
      }
      return result->ok();
    }
    void complete() override { promise.set_value(std::move(*result)); }
    void fail(Errc e) override { promise.set_value(util::fail(e)); }

    Declare declare_locks;
    std::function<Result<T>(Db&)> fn;
    std::optional<Result<T>> result;
    std::promise<Result<T>> promise;
  };

  bool enqueue(std::unique_ptr<Operation> op) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
      queue_.push_back(std::move(op));
      // While the writer waits out its window, only a full batch (or stop) wakes it early.
      if (waiting_ && queue_.size() < max_batch_) return true;
    }
    wake_.notify_one();
    return true;
  }

  void loop() {
    Batch batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued has run
        if (window_.count() > 0 && queue_.size() < max_batch_ && !stopping_) {
          waiting_ = true;
          wake_.wait_for(lock, window_, [this] { return stopping_ || queue_.size() >= max_batch_; });
          waiting_ = false;
        }
        while (!queue_.empty() && batch.size() < max_batch_) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      commit_(batch);
      batch.clear();
    }
  }

  const std::size_t max_batch_;
  const std::chrono::microseconds window_;
  const Commit commit_;

  std::mutex mutex_;
  std::condition_variable wake_;                  // guarded by mutex_
  std::deque<std::unique_ptr<Operation>> queue_;  // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_
  bool waiting_ = false;                          // in the commit window; guarded by mutex_

  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace parley::store
