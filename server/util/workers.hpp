// A fixed pool of worker threads for blocking work (database calls, password hashing), so
// that I/O threads never block. Tasks run in FIFO order on whichever worker is free.
//
// Bounded: try_post() refuses a task when `max_queued` tasks wait already, so that a burst
// fails fast (the caller answers `unavailable` with Retry-After) instead of queueing without
// limit behind work that takes long. post() always queues: it is for work that must run
// (cleanup after a disconnect), which the callers bound themselves. Each pool reports its
// queue depth, refusals and queue waits on /metrics under its name.
//
// Threading: post, try_post and queued are safe from any thread.
#pragma once

#include "util/metrics.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace parley::util {

class WorkerPool {
 public:
  // max_queued 0: no bound for try_post.
  WorkerPool(std::string name, std::size_t threads, std::size_t max_queued = 0);
  explicit WorkerPool(std::size_t threads) : WorkerPool("worker", threads) {}
  ~WorkerPool();  // runs what is queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> task);
  // False, and nothing queued, when the queue is full.
  [[nodiscard]] bool try_post(std::function<void()> task);
  // Also false while the pool looks stuck (on an outside service that stalls): the oldest
  // queued task has waited longer than `max_wait`, or every thread has been running its task
  // for longer than that; a new task would wait at least as long.
  [[nodiscard]] bool try_post(std::function<void()> task, std::chrono::steady_clock::duration max_wait);
  std::size_t queued() const;
  // Whether try_post would refuse now.
  bool saturated() const;
  const std::string& name() const { return name_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Task {
    std::function<void()> run;
    Clock::time_point queued_at;
  };
  void run(std::size_t index);
  bool stuck(Clock::time_point now, Clock::duration max_wait) const;  // mutex_ held

  const std::string name_;
  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;                        // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_
  std::vector<Clock::time_point> running_since_;  // guarded by mutex_: per thread, when its task began; idle: max()
  Counter rejected_;
  Histogram wait_;  // from queued to started
  Metrics::SourceId metrics_source_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace parley::util
