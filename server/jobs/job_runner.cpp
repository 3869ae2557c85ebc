#include "jobs/job_runner.hpp"

#include "util/random.hpp"
#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <optional>
#include <vector>

namespace parley::jobs {
namespace {

std::string default_owner() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + util::random_id(6);
}

}  // namespace

JobRunner::JobRunner(store::JobStore& store, util::WorkerPool& workers, const util::Clock& clock,
                     JobRunnerOptions options)
    : store_(store), workers_(workers), clock_(clock), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = default_owner();
  options_.concurrency = std::max<std::size_t>(options_.concurrency, 1);
}

JobRunner::~JobRunner() { stop(); }

void JobRunner::handle(const std::string& kind, JobHandler handler, JobKindOptions options) {
  std::lock_guard lock(mutex_);
  // Registering after polling began would race with the polls reading kinds_: a bug.
  if (polled_ || kind.empty() || kinds_.contains(kind)) std::abort();
  kinds_.emplace(kind, Kind{std::move(handler), options, std::make_unique<util::Histogram>()});
  kind_names_.push_back(kind);
}

store::Result<store::Enqueued> JobRunner::enqueue(const store::NewJob& job) {
  const auto now = clock_.now_ms();
  auto r = store_.enqueue_job(job, now);
  if (r && job.run_at <= now) wake();
  return r;
}

void JobRunner::start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_) return;
    polled_ = true;
  }
  thread_ = std::thread([this] {
    util::name_this_thread("parley-jobs");
    run_loop();
  });
}

void JobRunner::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  changed_.notify_all();
}

bool JobRunner::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void JobRunner::stop() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  // The claims in flight finish: their handlers run (or are queued on the workers) already.
  // The polling thread keeps their leases until then.
  if (thread_.joinable()) thread_.join();
  wait_idle();
}

void JobRunner::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return in_flight_ == 0; });
}

JobRunnerStats JobRunner::stats() const {
  std::lock_guard lock(mutex_);
  JobRunnerStats out = stats_;
  out.running = in_flight_;
  return out;
}

std::vector<std::pair<std::string, const util::Histogram*>> JobRunner::run_times() const {
  std::vector<std::pair<std::string, const util::Histogram*>> out;
  for (const auto& [name, kind] : kinds_) out.emplace_back(name, kind.run_time.get());
  return out;
}

void JobRunner::run_loop() {
  for (;;) {
    poll_once();
    std::unique_lock lock(mutex_);
    // Once stopping: only the leases of the handlers still running are kept, until none is.
    changed_.wait_for(lock, options_.poll_interval, [this] {
      return (stopping_ && in_flight_ == 0) || wake_ || (!stopping_ && more_due_ && in_flight_ < options_.concurrency);
    });
    if (stopping_ && in_flight_ == 0) return;
    wake_ = false;
  }
}

void JobRunner::extend_leases(std::int64_t now) {
  // Half of a lease gone: extended to a full one again, so that a poll or two may be late.
  std::vector<std::pair<std::int64_t, Lease>> due;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, lease] : leases_) {
      if (lease.until - now <= lease.lease_ms / 2) due.emplace_back(id, lease);
    }
  }
  std::int64_t extended = 0;
  std::int64_t lost = 0;
  std::int64_t errors = 0;
  for (auto& [id, lease] : due) {
    auto r = store_.extend_job_lease(id, options_.owner, now, lease.lease_ms);
    if (r) {
      ++extended;
      std::lock_guard lock(mutex_);
      if (auto it = leases_.find(id); it != leases_.end()) it->second.until = *r;
    } else if (r.error() == store::Errc::kNotFound) {
      std::lock_guard lock(mutex_);
      // Not finished meanwhile (its outcome stored), so released (this process stalled past the
      // lease) and perhaps taken by another runner: its outcome here will not be stored.
      if (leases_.erase(id) == 0) continue;
      ++lost;
      spdlog::warn("jobs: job {} is no longer leased to this runner; its outcome here will not count", id);
    } else {
      ++errors;
    }
  }
  if (errors > 0) spdlog::warn("jobs: cannot extend the leases of running jobs: the store is unavailable");
  std::lock_guard lock(mutex_);
  stats_.leases_extended += extended;
  stats_.leases_lost += lost;
  stats_.store_errors += errors;
}

void JobRunner::count_queue(std::int64_t now) {
  auto counts = store_.count_jobs(now);
  std::lock_guard lock(mutex_);
  if (counts) {
    stats_.queue = *counts;
  } else {
    ++stats_.store_errors;
  }
}

std::size_t JobRunner::poll_once() {
  std::lock_guard poll(poll_mutex_);
  std::size_t free_slots = 0;
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    polled_ = true;
    stopping = stopping_;
    free_slots = options_.concurrency - in_flight_;
  }
  const auto now = clock_.now_ms();
  extend_leases(now);
  if (stopping) return 0;

  auto released = store_.release_expired_jobs(now);
  if (released && *released > 0) spdlog::warn("jobs: {} job(s) came back after their runner's lease ended", *released);

  std::vector<store::Job> claimed;
  bool claim_failed = false;
  if (free_slots > 0 && !kind_names_.empty()) {
    // Each kind's lease: one claim per lease length (usually one for all kinds).
    std::map<std::int64_t, std::vector<std::string>> by_lease;
    for (const auto& [name, kind] : kinds_) by_lease[kind.options.lease_ms].push_back(name);
    for (auto& [lease_ms, names] : by_lease) {
      if (claimed.size() >= free_slots) break;
      store::JobClaim claim;
      claim.kinds = std::move(names);
      claim.limit = free_slots - claimed.size();
      claim.owner = options_.owner;
      claim.now = now;
      claim.lease_ms = lease_ms;
      auto r = store_.claim_jobs(claim);
      if (!r) {
        claim_failed = true;
        continue;
      }
      for (auto& job : *r) claimed.push_back(std::move(job));
    }
  }

  {
    std::lock_guard lock(mutex_);
    if (released) stats_.released += static_cast<std::int64_t>(*released);
    if (!released) ++stats_.store_errors;
    if (claim_failed) ++stats_.store_errors;
    in_flight_ += claimed.size();
    for (const auto& job : claimed) {
      leases_[job.id] = Lease{kinds_.at(job.kind).options.lease_ms, job.lease_until.value_or(now)};
    }
    stats_.claimed += static_cast<std::int64_t>(claimed.size());
    more_due_ = free_slots > 0 && claimed.size() == free_slots;
  }
  if (claim_failed) spdlog::warn("jobs: cannot claim jobs: the store is unavailable");
  const auto started = claimed.size();
  for (auto& job : claimed) {
    const Kind& kind = kinds_.at(job.kind);
    workers_.post([this, job = std::move(job), &kind] { run(job, kind); });
  }
  count_queue(now);
  return started;
}

void JobRunner::run(const store::Job& job, const Kind& kind) {
  // A handler's exception must not end the worker thread (nor the process): it is one failed
  // attempt, retried like any other.
  std::optional<JobOutcome> outcome;
  {
    util::ScopedTimer timer(*kind.run_time);
    try {
      outcome = kind.handler(job);
    } catch (const std::exception& e) {
      outcome = JobOutcome::retry(std::string("the handler threw: ") + e.what());
    } catch (...) {
      outcome = JobOutcome::retry("the handler threw something that is not a std::exception");
    }
  }
  {
    // Its lease is not extended any more: the outcome ends it.
    std::lock_guard lock(mutex_);
    leases_.erase(job.id);
  }
  record(job, kind, *outcome);
  finished();
}

void JobRunner::record(const store::Job& job, const Kind& kind, const JobOutcome& outcome) {
  const auto now = clock_.now_ms();
  bool stored = false;
  bool retried = false;
  if (outcome.ok()) {
    auto r = store_.complete_job(job.id, options_.owner, now);
    stored = r.ok();
    if (!r) {
      spdlog::warn("jobs: job {} ({}) succeeded, but its outcome could not be stored: {}", job.id, job.kind,
                   r.error() == store::Errc::kNotFound ? "its lease had ended" : "the store is unavailable");
    }
  } else {
    auto r = store_.fail_job(job.id, options_.owner, outcome.error(), outcome.retryable(), kind.options.backoff, now);
    stored = r.ok();
    // Counted as what it became, or (not stored) as what the handler asked for.
    retried = r ? *r == store::JobState::kQueued : outcome.retryable() && job.attempts < job.max_attempts;
    if (r) {
      spdlog::warn("jobs: job {} ({}) attempt {} of {} failed{}: {}", job.id, job.kind, job.attempts, job.max_attempts,
                   *r == store::JobState::kQueued ? ", will retry" : "", outcome.error());
    } else {
      spdlog::warn("jobs: job {} ({}) failed ({}), and that could not be stored: {}", job.id, job.kind, outcome.error(),
                   r.error() == store::Errc::kNotFound ? "its lease had ended" : "the store is unavailable");
    }
  }
  std::lock_guard lock(mutex_);
  ++(outcome.ok() ? stats_.done : retried ? stats_.retried : stats_.failed);
  if (!stored) ++stats_.store_errors;
}

void JobRunner::finished() {
  // Notified under the lock: once stop() or wait_idle() sees in_flight_ == 0 and returns, this
  // thread no longer touches the runner.
  std::lock_guard lock(mutex_);
  --in_flight_;
  changed_.notify_all();
}

}  // namespace parley::jobs
