// Fires scheduled messages at their time (schedule_service.hpp): one thread that sleeps until
// the next occurrence of any pending schedule (the store's earliest next_at, an index lookup)
// or until woken by a schedule created or changed here for earlier, at most `max_wait` (so
// that schedules other instances created are seen within it); then claims what is due and
// sends each on the worker pool. A scheduler holding any number of pending schedules does one
// lookup per max_wait while nothing is due.
//
// Threading: start() and stop() from one thread; wake() from any.
#pragma once

#include "chat/schedules/schedule_service.hpp"
#include "util/clock.hpp"
#include "util/workers.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

namespace parley::chat {

struct SchedulerOptions {
  std::size_t batch = 64;                    // schedules claimed at once
  std::chrono::milliseconds max_wait{1000};  // the longest sleep
};

class Scheduler {
 public:
  Scheduler(ScheduleService& service, util::WorkerPool& workers, const util::Clock& clock,
            SchedulerOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void start();
  // Claims nothing more; returns once the sends under way have ended.
  void stop();
  // A schedule's next occurrence is `at`: wake then if that is earlier than planned.
  void wake(std::int64_t at);

 private:
  void run();
  // Claims and fires what is due; how many it claimed.
  std::size_t fire_due();
  void sleep_until(std::int64_t at);

  ScheduleService& service_;
  util::WorkerPool& workers_;
  const util::Clock& clock_;
  const SchedulerOptions options_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;      // guarded by mutex_
  std::int64_t wake_at_ = 0;   // guarded by mutex_: when the thread plans to look again
  bool woken_ = false;         // guarded by mutex_
  std::size_t in_flight_ = 0;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace parley::chat
