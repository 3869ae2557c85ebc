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

constexpr std::int64_t kRemovalEveryMs = 3'600'000;  // finished jobs are removed once an hour

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
  kinds_.emplace(kind, Kind{std::move(handler), options});
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
  if (thread_.joinable()) thread_.join();
  // The claims in flight finish: their handlers run (or are queued on the workers) already.
  wait_idle();
}

void JobRunner::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return in_flight_ == 0; });
}

JobRunnerStats JobRunner::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void JobRunner::run_loop() {
  for (;;) {
    poll_once();
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, options_.poll_interval,
                      [this] { return stopping_ || wake_ || (more_due_ && in_flight_ < options_.concurrency); });
    if (stopping_) return;
    wake_ = false;
  }
}

std::size_t JobRunner::poll_once() {
  std::lock_guard poll(poll_mutex_);
  std::size_t free_slots = 0;
  {
    std::lock_guard lock(mutex_);
    polled_ = true;
    if (stopping_) return 0;
    free_slots = options_.concurrency - in_flight_;
  }
  const auto now = clock_.now_ms();

  auto released = store_.release_expired_jobs(now);
  if (released && *released > 0) spdlog::warn("jobs: {} job(s) came back after their runner's lease ended", *released);
  if (options_.remove_finished_after_ms > 0 && now - last_removal_ms_ >= kRemovalEveryMs) {
    last_removal_ms_ = now;
    if (auto r = store_.remove_finished_jobs(now - options_.remove_finished_after_ms); !r) {
      spdlog::warn("jobs: cannot remove finished jobs: the store is unavailable");
    }
  }

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
    stats_.started += static_cast<std::int64_t>(claimed.size());
    more_due_ = free_slots > 0 && claimed.size() == free_slots;
  }
  if (claim_failed) spdlog::warn("jobs: cannot claim jobs: the store is unavailable");
  for (auto& job : claimed) {
    const Kind& kind = kinds_.at(job.kind);
    workers_.post([this, job = std::move(job), &kind] { run(job, kind); });
  }
  return claimed.size();
}

void JobRunner::run(const store::Job& job, const Kind& kind) {
  // A handler's exception must not end the worker thread (nor the process): it is one failed
  // attempt, retried like any other.
  std::optional<JobOutcome> outcome;
  try {
    outcome = kind.handler(job);
  } catch (const std::exception& e) {
    outcome = JobOutcome::retry(std::string("the handler threw: ") + e.what());
  } catch (...) {
    outcome = JobOutcome::retry("the handler threw something that is not a std::exception");
  }
  record(job, kind, *outcome);
  finished();
}

void JobRunner::record(const store::Job& job, const Kind& kind, const JobOutcome& outcome) {
  const auto now = clock_.now_ms();
  bool stored = false;
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
    if (r) {
      spdlog::warn("jobs: job {} ({}) attempt {} of {} failed{}: {}", job.id, job.kind, job.attempts, job.max_attempts,
                   *r == store::JobState::kQueued ? ", will retry" : "", outcome.error());
    } else {
      spdlog::warn("jobs: job {} ({}) failed ({}), and that could not be stored: {}", job.id, job.kind, outcome.error(),
                   r.error() == store::Errc::kNotFound ? "its lease had ended" : "the store is unavailable");
    }
  }
  std::lock_guard lock(mutex_);
  ++(outcome.ok() ? stats_.done : stats_.failed);
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
