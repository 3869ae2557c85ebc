// JobRunner runs the jobs of the job queue (store/job_store.hpp) in this process: capabilities
// register a handler per job kind, and the runner claims due jobs of those kinds, runs each
// handler on the worker pool, and records the outcome: done, retried after a backoff, or
// failed. Jobs run at least once (a job whose runner died runs again once its lease ends), so
// handlers must be idempotent. Kinds without a handler here stay queued for a process that has
// one.
//
//   runner.handle("scheduled_message", [&](const store::Job& job) {
//     return send_scheduled(job.payload) ? jobs::JobOutcome::done() : jobs::JobOutcome::retry("busy");
//   });
//   runner.start();
//   runner.enqueue({.kind = "scheduled_message", .payload = ..., .run_at = at});
//
// Time: whether a job is due is read from the injected util::Clock; the polling thread waits
// poll_interval of real time between polls, or less after wake(). Tests leave the thread off
// and call poll_once() and wait_idle() with a FakeClock.
//
// Threading: handle() before start() (or the first poll_once()); everything else from any
// thread but a handler. At most `concurrency` handlers run at once. stop() (also run by the
// destructor) claims nothing more and returns once the running handlers have finished and
// their outcomes are recorded; the worker pool must outlive the runner.
#pragma once

#include "store/job_store.hpp"
#include "util/clock.hpp"
#include "util/workers.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace parley::jobs {

// What a handler reports about one attempt.
class JobOutcome {
 public:
  static JobOutcome done() { return JobOutcome(Kind::kDone, {}); }
  // The attempt failed for a reason that may pass (a service down): again after the backoff,
  // while attempts remain.
  static JobOutcome retry(std::string why) { return JobOutcome(Kind::kRetry, std::move(why)); }
  // The job cannot succeed (what it refers to is gone): failed now, whatever attempts remain.
  static JobOutcome give_up(std::string why) { return JobOutcome(Kind::kGiveUp, std::move(why)); }

  bool ok() const { return kind_ == Kind::kDone; }
  bool retryable() const { return kind_ == Kind::kRetry; }
  const std::string& error() const { return error_; }

 private:
  enum class Kind { kDone, kRetry, kGiveUp };
  JobOutcome(Kind kind, std::string error) : kind_(kind), error_(std::move(error)) {}

  Kind kind_;
  std::string error_;
};

// Runs one attempt of a job. An exception it throws counts as JobOutcome::retry(what()).
using JobHandler = std::function<JobOutcome(const store::Job& job)>;

struct JobKindOptions {
  // How long a claim holds a job: longer than the handler ever takes, or another process
  // runs the job too once the lease has ended.
  std::int64_t lease_ms = 5 * 60'000;
  store::Backoff backoff;  // the waits between attempts
};

struct JobRunnerOptions {
  std::string owner;            // this runner's name in leases; empty: host, process id and a random part
  std::size_t concurrency = 2;  // handlers running at once (at least 1)
  std::chrono::milliseconds poll_interval{1000};                 // real time between polls of the thread
  std::int64_t remove_finished_after_ms = 7 * 24 * 3'600'000LL;  // done and failed jobs kept this long; 0: forever
};

struct JobRunnerStats {
  std::int64_t started = 0;       // attempts handed to a handler
  std::int64_t done = 0;          // attempts that succeeded
  std::int64_t failed = 0;        // attempts that failed (retried or not)
  std::int64_t released = 0;      // jobs brought back after their lease ended
  std::int64_t store_errors = 0;  // store calls that failed
};

class JobRunner {
 public:
  JobRunner(store::JobStore& store, util::WorkerPool& workers, const util::Clock& clock, JobRunnerOptions options = {});
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Registers the handler of `kind`; before the first poll. A kind has one handler.
  void handle(const std::string& kind, JobHandler handler, JobKindOptions options = {});

  // Stores a job created now (by the clock), and wakes the polling thread when it is due.
  store::Result<store::Enqueued> enqueue(const store::NewJob& job);

  void start();  // the polling thread
  void wake();   // poll now: a job may have become due
  void stop();
  bool stopping() const;  // stop() was called: long handlers may end early (and retry)

  // One poll: brings back the jobs whose lease ended, claims as many due jobs as there are free
  // handler slots, and hands them to the workers. Returns how many it started.
  std::size_t poll_once();
  // Returns once no handler is running or waiting for a worker.
  void wait_idle();

  const std::string& owner() const { return options_.owner; }
  JobRunnerStats stats() const;

 private:
  struct Kind {
    JobHandler handler;
    JobKindOptions options;
  };

  void run_loop();
  void run(const store::Job& job, const Kind& kind);
  void record(const store::Job& job, const Kind& kind, const JobOutcome& outcome);
  void finished();

  store::JobStore& store_;
  util::WorkerPool& workers_;
  const util::Clock& clock_;
  JobRunnerOptions options_;
  std::map<std::string, Kind> kinds_;  // fixed once polling began
  std::vector<std::string> kind_names_;

  std::mutex lifecycle_mutex_;  // start() and stop() one at a time
  std::mutex poll_mutex_;       // one poll at a time

  mutable std::mutex mutex_;
  std::condition_variable changed_;   // guarded by mutex_: any of the fields below changed
  std::size_t in_flight_ = 0;         // guarded by mutex_: claimed jobs not finished yet
  bool polled_ = false;               // guarded by mutex_: handle() is closed
  bool stopping_ = false;             // guarded by mutex_
  bool wake_ = false;                 // guarded by mutex_: poll again without waiting
  bool more_due_ = false;             // guarded by mutex_: the last poll filled every slot
  std::int64_t last_removal_ms_ = 0;  // guarded by poll_mutex_
  JobRunnerStats stats_;              // guarded by mutex_

  std::thread thread_;  // guarded by lifecycle_mutex_: the polling thread, once started
};

}  // namespace parley::jobs
