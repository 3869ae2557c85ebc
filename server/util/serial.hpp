// Runs tasks one at a time, in the order they were posted, on a WorkerPool: the requests of
// one client keep their order while different clients run in parallel.
#pragma once

#include "util/compact_fifo.hpp"
#include "util/workers.hpp"

#include <functional>
#include <memory>
#include <mutex>

namespace parley::util {

class SerialQueue : public std::enable_shared_from_this<SerialQueue> {
 public:
  explicit SerialQueue(WorkerPool& pool) : pool_(pool) {}

  // Tasks posted and not finished (the running one included).
  std::size_t pending() {
    std::lock_guard lock(mutex_);
    return tasks_.size() + (running_ ? 1 : 0);
  }

  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
      if (running_) return;
      running_ = true;
    }
    pool_.post([self = shared_from_this()] { self->run_one(); });
  }

 private:
  void run_one() {
    std::function<void()> task;
    {
      std::lock_guard lock(mutex_);
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
    {
      std::lock_guard lock(mutex_);
      if (tasks_.empty()) {
        running_ = false;
        return;
      }
    }
    pool_.post([self = shared_from_this()] { self->run_one(); });
  }

  WorkerPool& pool_;
  std::mutex mutex_;
  CompactFifo<std::function<void()>> tasks_;  // guarded by mutex_
  bool running_ = false;                      // guarded by mutex_
};

}  // namespace parley::util
