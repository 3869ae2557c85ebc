// The durable queue of background jobs (scheduled messages, retention, thumbnails, exports,
// notification retries), kept in the same database as everything else: table `jobs`. Both
// Store backends also implement JobStore (jobs_of() finds it); jobs/job_runner.hpp runs them.
//
// Contract:
// - Thread-safe, blocking, durable like Store: a call that returned success is committed.
// - A job is queued, then running (claimed: leased to one owner until lease_until), then done
//   or failed; a failed attempt with attempts left goes back to queued with a later run_at.
// - No double claim: of any number of processes and threads claiming at once, each job is
//   leased to one of them. A claim takes due jobs (run_at <= now) by run_at, then id.
// - At least once: a job whose lease expired (its runner died) is released back to queued by
//   release_expired_jobs() and runs again, so handlers must be idempotent. A runner still at
//   work on a job extends its lease (extend_job_lease) before it ends. complete and fail
//   only act on a job still leased to the caller (kNotFound otherwise), so a runner whose lease
//   expired cannot overwrite the outcome of the one that took the job over.
// - Dedupe: an enqueue whose dedupe_key is held by a stored job (in any state, until it is
//   removed) stores nothing and returns that job's id.
// - payload is JSON text, kept as given; anything else is kInvalid. Times are epoch ms from the
//   caller's clock, so that tests can move time.
#pragma once

#include "store/store.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

enum class JobState { kQueued, kRunning, kDone, kFailed };

// The state as stored: "queued", "running", "done", "failed".
inline const char* job_state_name(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

inline std::optional<JobState> job_state_from(std::string_view name) {
  for (auto s : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kFailed}) {
    if (name == job_state_name(s)) return s;
  }
  return std::nullopt;
}

struct NewJob {
  std::string kind;  // the handler that runs it ("scheduled_message", ...); not empty
  std::string payload = "{}";
  TimeMs run_at = 0;  // not before this time
  int max_attempts = 5;
  std::optional<std::string> dedupe_key;
};

struct Job {
  std::int64_t id = 0;
  std::string kind;
  std::string payload;
  TimeMs run_at = 0;
  int attempts = 0;  // claims so far, the current one included
  int max_attempts = 0;
  JobState state = JobState::kQueued;
  std::optional<std::string> lease_owner;  // while running
  std::optional<TimeMs> lease_until;       // while running
  std::optional<std::string> last_error;   // of the last failed attempt
  TimeMs created_at = 0;
  std::optional<TimeMs> finished_at;  // when it became done or failed
  std::optional<std::string> dedupe_key;
};

// The queue's depth, for metrics.
struct JobCounts {
  std::size_t due = 0;        // queued, run_at <= now: waiting for a runner
  std::size_t scheduled = 0;  // queued, run_at > now
  std::size_t running = 0;    // leased
};

struct Enqueued {
  std::int64_t id = 0;
  bool duplicate = false;  // the dedupe key was taken: `id` is the stored job's
};

struct JobClaim {
  std::vector<std::string> kinds;  // only jobs of these kinds
  std::size_t limit = 1;           // at most this many jobs
  std::string owner;               // who holds the leases (one id per runner)
  TimeMs now = 0;
  TimeMs lease_ms = 60'000;  // the lease ends at now + lease_ms
};

// The wait before attempt n + 1 after attempt n failed: first_ms * 2^(n-1), at most max_ms.
struct Backoff {
  TimeMs first_ms = 10'000;
  TimeMs max_ms = 3'600'000;
};

inline constexpr TimeMs kMaxBackoffMs = TimeMs{1} << 32;  // about 50 days
inline constexpr int kMaxBackoffDoublings = 30;

// `backoff` within 1 ms <= first_ms <= max_ms <= kMaxBackoffMs, so that the doubling (at most
// kMaxBackoffDoublings times) cannot overflow. The stores bind these values.
inline Backoff clamped(Backoff backoff) {
  backoff.max_ms = std::clamp<TimeMs>(backoff.max_ms, 1, kMaxBackoffMs);
  backoff.first_ms = std::clamp<TimeMs>(backoff.first_ms, 1, backoff.max_ms);
  return backoff;
}

// The delay after `attempts` failed attempts; the stores compute the same in SQL.
inline TimeMs backoff_delay(const Backoff& backoff, int attempts) {
  const Backoff b = clamped(backoff);
  const int doublings = std::clamp(attempts - 1, 0, kMaxBackoffDoublings);
  return std::min(b.max_ms, b.first_ms << doublings);
}

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Stores a queued job created at `now`. kInvalid: empty kind, max_attempts < 1, or a payload
  // that is not JSON.
  virtual Result<Enqueued> enqueue_job(const NewJob& job, TimeMs now) = 0;
  // Leases up to claim.limit due, queued jobs of claim.kinds to claim.owner and counts an
  // attempt on each; returns them by run_at, then id (with their new state and lease).
  virtual Result<std::vector<Job>> claim_jobs(const JobClaim& claim) = 0;
  // The job, leased to `owner`, succeeded: state done.
  virtual Result<void> complete_job(std::int64_t id, std::string_view owner, TimeMs now) = 0;
  // The attempt of the job leased to `owner` failed with `error`. With `retry` and attempts
  // left it is queued again at now + backoff_delay(backoff, attempts); otherwise it is failed.
  // Returns the state it went to.
  virtual Result<JobState> fail_job(std::int64_t id, std::string_view owner, std::string_view error, bool retry,
                                    const Backoff& backoff, TimeMs now) = 0;
  // The job, leased to `owner`, is still being worked on: its lease ends at now + lease_ms
  // instead. Returns the new end; kNotFound when the job is not leased to `owner` (any more).
  virtual Result<TimeMs> extend_job_lease(std::int64_t id, std::string_view owner, TimeMs now, TimeMs lease_ms) = 0;
  // Every running job whose lease ended by `now` goes back to queued (due at once), or to
  // failed when it has no attempts left; returns how many were released.
  virtual Result<std::size_t> release_expired_jobs(TimeMs now) = 0;
  // Removes done and failed jobs that finished before `before` (freeing their dedupe keys);
  // returns how many.
  virtual Result<std::size_t> remove_finished_jobs(TimeMs before) = 0;
  virtual Result<Job> job_by_id(std::int64_t id) = 0;
  // How many jobs are queued (due by `now` or later) and running.
  virtual Result<JobCounts> count_jobs(TimeMs now) = 0;
};

// The job store of a Store backend that keeps its jobs in its own database (SQLite and
// PostgreSQL both do), or nullptr for one that does not.
inline JobStore* jobs_of(Store& store) { return dynamic_cast<JobStore*>(&store); }

}  // namespace parley::store
