// The job queue's own upkeep, as a job: `jobs.remove_finished` removes the done and failed jobs
// that finished more than `retention_ms` ago (freeing their dedupe keys), once every
// `every_ms`. Each run is one job per period, deduplicated by the period's start, so that of
// all the processes on one database only one runs it; each run enqueues the next, and every
// process enqueues the current period's at start (after a stop longer than a period, the queue
// catches up at once).
//
// Threading: install_job_retention() before the runner starts, like JobRunner::handle.
#pragma once

#include "jobs/job_runner.hpp"

#include <cstdint>

namespace parley::jobs {

inline constexpr const char* kRemoveFinishedJobs = "jobs.remove_finished";

struct JobRetention {
  std::int64_t retention_ms = 7 * 24 * 3'600'000LL;  // done and failed jobs are kept this long
  std::int64_t every_ms = 3'600'000;                 // how often they are removed
};

// Registers the kind on `runner` and enqueues this period's run. Returns false when the store
// could not take the job (the next start, or another process, enqueues it).
bool install_job_retention(JobRunner& runner, store::JobStore& store, JobRetention retention);

}  // namespace parley::jobs
