#include "jobs/job_retention.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

namespace parley::jobs {
namespace {

// The run of the period that holds `now`, keyed by the period's start.
store::NewJob run_of_period(std::int64_t now, std::int64_t every_ms) {
  const std::int64_t start = now - now % every_ms;
  store::NewJob job;
  job.kind = kRemoveFinishedJobs;
  job.run_at = start;
  job.max_attempts = 3;
  job.dedupe_key = std::string(kRemoveFinishedJobs) + "@" + std::to_string(start);
  return job;
}

}  // namespace

bool install_job_retention(JobRunner& runner, store::JobStore& store, JobRetention retention) {
  retention.every_ms = std::max<std::int64_t>(retention.every_ms, 1000);
  runner.handle(
      kRemoveFinishedJobs,
      [&runner, &store, retention](const store::Job&) {
        const auto now = runner.clock().now_ms();
        auto removed = store.remove_finished_jobs(now - retention.retention_ms);
        if (!removed) return JobOutcome::retry("the store is unavailable");
        if (*removed > 0) spdlog::info("jobs: removed {} finished job(s)", *removed);
        // The next period's run; when it cannot be stored, this one runs again after the backoff.
        if (!store.enqueue_job(run_of_period(now + retention.every_ms, retention.every_ms), now)) {
          return JobOutcome::retry("cannot enqueue the next run: the store is unavailable");
        }
        return JobOutcome::done();
      },
      JobKindOptions{.lease_ms = 5 * 60'000, .backoff = store::Backoff{.first_ms = 10'000, .max_ms = 600'000}});
  const auto now = runner.clock().now_ms();
  auto r = store.enqueue_job(run_of_period(now, retention.every_ms), now);
  if (!r) spdlog::warn("jobs: cannot enqueue the removal of finished jobs: the store is unavailable");
  return r.ok();
}

}  // namespace parley::jobs
