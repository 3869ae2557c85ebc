// JobRunner runs the jobs of the job queue (store/job_store.hpp) in this process: capabilities
// register a handler per job kind, and the runner claims due jobs of those kinds, runs each
// handler on its worker pool, and records the outcome: done, retried after a backoff, or
// failed. Jobs run at least once (a job whose runner died runs again once its lease ends), so
// handlers must be idempotent. Kinds without a handler here stay queued for a process that has
// one. The server builds one runner on its own pool (app/server.cpp); capabilities reach it
// through chat::Core::jobs.
//
//   runner.handle("scheduled_message", [&](const store::Job& job) {
//     return send_scheduled(job.payload) ? jobs::JobOutcome::done() : jobs::JobOutcome::retry("busy");
//   });
//   runner.start();
//   runner.enqueue({.kind = "scheduled_message", .payload = ..., .run_at = at});
//
// Each poll also releases the jobs whose runner's lease ended (release_expired_jobs), extends
// the leases of this runner's jobs that are still running once half of a lease has passed (so
// a handler may run longer than its kind's lease_ms, as long as this process polls), and counts
// the queue for stats(). A lease must therefore be longer than two poll intervals.
//
// Time: whether a job is due is read from the injected util::Clock; the polling thread waits
// poll_interval of real time between polls, or less after wake(). Tests leave the thread off
// and call poll_once() and wait_idle() with a FakeClock.
//
// Threading: handle() before start() (or the first poll_once()); everything else from any
// thread but a handler. At most `concurrency` handlers run at once. stop() (also run by the
// destructor) claims nothing more and returns once the running handlers have finished and
// their outcomes are recorded, their leases extended meanwhile; a handler that may take long
// checks stopping() and ends early (with retry). The worker pool must outlive the runner.
#pragma once

#include "store/job_store.hpp"
#include "util/clock.hpp"
#include "util/metrics.hpp"
#include "util/workers.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
  // How long a claim holds a job before the runner extends it: if this process dies, another
  // one runs the job once the lease has ended. More than two poll intervals.
  std::int64_t lease_ms = 5 * 60'000;
  store::Backoff backoff;  // the waits between attempts
};

struct JobRunnerOptions {
  std::string owner;            // this runner's name in leases; empty: host, process id and a random part
  std::size_t concurrency = 2;  // handlers running at once (at least 1)
  std::chrono::milliseconds poll_interval{1000};  // real time between polls of the thread
};

struct JobRunnerStats {
  std::int64_t claimed = 0;               // attempts claimed and handed to a handler
  std::int64_t done = 0;                  // attempts that succeeded
  std::int64_t retried = 0;               // attempts that failed, the job queued again for later
  std::int64_t failed = 0;                // attempts that failed and ended the job (given up, or no attempts left)
  std::int64_t released = 0;              // jobs of any runner brought back after their lease ended
  std::int64_t leases_extended = 0;       // lease extensions of this runner's running jobs
  std::int64_t leases_lost = 0;           // running jobs found no longer leased to this runner
  std::int64_t store_errors = 0;          // store calls that failed
  std::size_t running = 0;                // handlers of this runner running now
  std::optional<store::JobCounts> queue;  // the whole queue (every process) at the last poll
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

  // One poll: brings back the jobs whose lease ended, extends this runner's leases that are half
  // over, claims as many due jobs as there are free handler slots and hands them to the
  // workers, and counts the queue. Returns how many it started. Once stopping, it only extends
  // leases.
  std::size_t poll_once();
  // Returns once no handler is running or waiting for a worker.
  void wait_idle();

  const std::string& owner() const { return options_.owner; }
  const util::Clock& clock() const { return clock_; }
  JobRunnerStats stats() const;
  // The kinds registered, with the run time of their handlers; for /metrics, once every kind
  // is registered.
  std::vector<std::pair<std::string, const util::Histogram*>> run_times() const;

 private:
  struct Kind {
    JobHandler handler;
    JobKindOptions options;
    std::unique_ptr<util::Histogram> run_time;  // never null
  };
  struct Lease {
    std::int64_t lease_ms = 0;
    std::int64_t until = 0;
  };

  void run_loop();
  void extend_leases(std::int64_t now);
  void count_queue(std::int64_t now);
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
  std::condition_variable changed_;       // guarded by mutex_: any of the fields below changed
  std::size_t in_flight_ = 0;             // guarded by mutex_: claimed jobs not finished yet
  std::map<std::int64_t, Lease> leases_;  // guarded by mutex_: the claimed jobs not finished yet, by id
  bool polled_ = false;                   // guarded by mutex_: handle() is closed
  bool stopping_ = false;                 // guarded by mutex_
  bool wake_ = false;                     // guarded by mutex_: poll again without waiting
  bool more_due_ = false;                 // guarded by mutex_: the last poll filled every slot
  JobRunnerStats stats_;                  // guarded by mutex_

  std::thread thread_;  // guarded by lifecycle_mutex_: the polling thread, once started
};

}  // namespace parley::jobs
