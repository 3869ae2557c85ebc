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
  running_since_.assign(threads, Clock::time_point::max());
  const std::string thread_name = "parley-" + name_;
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, thread_name, i] {
      name_this_thread(thread_name);
      run(i);
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

bool WorkerPool::try_post(std::function<void()> task, Clock::duration max_wait) {
  {
    std::lock_guard lock(mutex_);
    if ((max_queued_ > 0 && tasks_.size() >= max_queued_) || stuck(Clock::now(), max_wait)) {
      rejected_.add();
      return false;
    }
    tasks_.push_back(Task{std::move(task), Clock::now()});
  }
  cv_.notify_one();
  return true;
}

bool WorkerPool::stuck(Clock::time_point now, Clock::duration max_wait) const {
  if (!tasks_.empty() && now - tasks_.front().queued_at > max_wait) return true;
  for (const auto since : running_since_) {
    if (since == Clock::time_point::max() || now - since <= max_wait) return false;  // a thread is free or recent
  }
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

void WorkerPool::run(std::size_t index) {
  while (true) {
    Task task;
    Clock::time_point now;
    {
      std::unique_lock lock(mutex_);
      running_since_[index] = Clock::time_point::max();
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
      now = Clock::now();
      running_since_[index] = now;
    }
    wait_.observe(now - task.queued_at);
    task.run();
  }
}

}  // namespace parley::util
