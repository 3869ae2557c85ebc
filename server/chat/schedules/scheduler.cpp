#include "chat/schedules/scheduler.hpp"

#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace parley::chat {

Scheduler::Scheduler(ScheduleService& service, util::WorkerPool& workers, const util::Clock& clock,
                     SchedulerOptions options)
    : service_(service), workers_(workers), clock_(clock), options_(options) {
  service_.on_scheduled([this](std::int64_t at) { wake(at); });
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    util::name_this_thread("parley-schedule");
    run();
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::wake(std::int64_t at) {
  {
    std::lock_guard lock(mutex_);
    // Asleep until no later than `at`: nothing to do. Awake: the next look may have been
    // planned already, so it looks again.
    if (wake_at_ != 0 && at >= wake_at_) return;
    woken_ = true;
  }
  changed_.notify_all();
}

void Scheduler::run() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    const auto now = clock_.now_ms();
    const auto max_wait = static_cast<std::int64_t>(options_.max_wait.count());
    auto due = service_.next_due();
    if (!due) {
      sleep_until(now + max_wait);
      continue;
    }
    if (*due && **due <= now) {
      // Some were sent: the next may be due soon, look again at once. None: what is due is
      // being sent by another instance, or waits for a retry; look again later.
      if (fire_due() > 0) continue;
      sleep_until(now + max_wait);
      continue;
    }
    sleep_until(*due ? std::min(**due, now + max_wait) : now + max_wait);
  }
}

std::size_t Scheduler::fire_due() {
  auto claimed = service_.claim_due(options_.batch);
  if (!claimed) {
    spdlog::warn("schedules: claiming due messages failed: {}", claimed.error().message);
    return 0;
  }
  if (claimed->empty()) return 0;
  {
    std::lock_guard lock(mutex_);
    in_flight_ += claimed->size();
  }
  for (auto& s : *claimed) {
    workers_.post([this, s = std::move(s)] {
      service_.fire(s);
      // Notified under the lock: once the count is zero the scheduler may be destroyed, so
      // nothing of it is touched after the unlock.
      std::lock_guard lock(mutex_);
      --in_flight_;
      changed_.notify_all();
    });
  }
  // The batch ends before the next claim: a lease is never outlived by its own process.
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return in_flight_ == 0; });
  return claimed->size();
}

void Scheduler::sleep_until(std::int64_t at) {
  std::unique_lock lock(mutex_);
  wake_at_ = at;
  const auto wait = std::chrono::milliseconds(std::max<std::int64_t>(0, at - clock_.now_ms()));
  changed_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  wake_at_ = 0;
}

}  // namespace parley::chat
