#include "util/workers.hpp"

#include "util/thread_name.hpp"

namespace parley::util {

WorkerPool::WorkerPool(std::string name, std::size_t threads, std::size_t max_queued)
    : name_(std::move(name)), max_queued_(max_queued) {
  if (threads == 0) threads = 1;
  metrics_source_ = Metrics::global().add_source([this](std::string& out) {
    const std::string labels = "pool=\"" + name_ + "\"";
    out += "parley_pool_queued{" + labels + "} " + std::to_string(queued()) + "\n";
    out += "parley_pool_rejected_total{" + labels + "} " + std::to_string(rejected_.get()) + "\n";
    wait_.render(out, "parley_pool_wait_seconds", labels.c_str());
  });
  const std::string thread_name = "parley-" + name_;
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, thread_name] {
      name_this_thread(thread_name);
      run();
    });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  Metrics::global().remove_source(metrics_source_);
}

void WorkerPool::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(Task{std::move(task), Clock::now()});
  }
  cv_.notify_one();
}

bool WorkerPool::try_post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (max_queued_ > 0 && tasks_.size() >= max_queued_) {
      rejected_.add();
      return false;
    }
    tasks_.push_back(Task{std::move(task), Clock::now()});
  }
  cv_.notify_one();
  return true;
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

bool WorkerPool::saturated() const {
  std::lock_guard lock(mutex_);
  return max_queued_ > 0 && tasks_.size() >= max_queued_;
}

void WorkerPool::run() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    wait_.observe(Clock::now() - task.queued_at);
    task.run();
  }
}

}  // namespace parley::util
