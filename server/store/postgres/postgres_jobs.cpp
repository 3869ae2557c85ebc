// PostgresStore: the job queue (store/job_store.hpp). Each change is one statement in its own
// transaction on a connection of jobs_, apart from the group-commit writer: a claim would
// otherwise hold the writers' turn of every process (writer.cpp) while it scans the queue.
// Claims lock their rows FOR UPDATE SKIP LOCKED, so that runners claiming at once, in any
// process, each get other jobs and never wait for one another. A change is never run again
// after its connection broke (whether it committed is unknown): the caller gets kUnavailable,
// and an unanswered claim's jobs come back when their lease ends.
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace parley::store::postgres {
namespace {

using util::fail;

#define PARLEY_JOB_COLUMNS                                                                                       \
  "id, kind, payload, run_at, attempts, max_attempts, state, lease_owner, lease_until, last_error, created_at, " \
  "finished_at, dedupe_key"

// A concurrent enqueue of the same key waits for the first one's commit, then inserts nothing.
constexpr std::string_view kEnqueue =
    "INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at, dedupe_key) "
    "VALUES ($1::text, $2::json, $3::bigint, $4::integer, $5::bigint, $6::text) "
    "ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id";
constexpr std::string_view kByDedupeKey = "SELECT id FROM jobs WHERE dedupe_key = $1::text";
constexpr std::string_view kClaim =
    "UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = $3::text, "
    " lease_until = $4::bigint "
    "FROM (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $1::bigint AND kind = ANY ($2::text[]) "
    "      ORDER BY run_at, id LIMIT $5::bigint FOR UPDATE SKIP LOCKED) due "
    "WHERE j.id = due.id "
    "RETURNING j.id, j.kind, j.payload, j.run_at, j.attempts, j.max_attempts, j.state, j.lease_owner, "
    " j.lease_until, j.last_error, j.created_at, j.finished_at, j.dedupe_key";
constexpr std::string_view kComplete =
    "UPDATE jobs SET state = 'done', finished_at = $3::bigint, lease_owner = NULL, lease_until = NULL "
    "WHERE id = $1::bigint AND state = 'running' AND lease_owner = $2::text";
// $4 retry, $5 now, $6 first delay, $7 longest delay (clamped: job_store.hpp), the doublings
// capped at kMaxBackoffDoublings (30). SET reads the row as it was before the UPDATE.
constexpr std::string_view kFail =
    "UPDATE jobs SET "
    " state = CASE WHEN $4::boolean AND attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
    " run_at = CASE WHEN $4::boolean AND attempts < max_attempts "
    "          THEN $5::bigint + LEAST($7::bigint, $6::bigint << LEAST(GREATEST(attempts - 1, 0), 30)) "
    "          ELSE run_at END, "
    " finished_at = CASE WHEN $4::boolean AND attempts < max_attempts THEN NULL ELSE $5::bigint END, "
    " last_error = $3::text, lease_owner = NULL, lease_until = NULL "
    "WHERE id = $1::bigint AND state = 'running' AND lease_owner = $2::text RETURNING state";
constexpr std::string_view kExtendLease =
    "UPDATE jobs SET lease_until = $3::bigint + $4::bigint "
    "WHERE id = $1::bigint AND state = 'running' AND lease_owner = $2::text RETURNING lease_until";
constexpr std::string_view kReleaseExpired =
    "UPDATE jobs SET "
    " state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
    " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE $1::bigint END, "
    " last_error = 'the lease of ' || lease_owner || ' ended before the job finished', "
    " lease_owner = NULL, lease_until = NULL "
    "WHERE state = 'running' AND lease_until <= $1::bigint";
constexpr std::string_view kRemoveFinished =
    "DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < $1::bigint";
constexpr std::string_view kJobById = "SELECT " PARLEY_JOB_COLUMNS " FROM jobs WHERE id = $1::bigint";
constexpr std::string_view kCountJobs =
    "SELECT count(*) FILTER (WHERE state = 'queued' AND run_at <= $1::bigint), "
    " count(*) FILTER (WHERE state = 'queued' AND run_at > $1::bigint), count(*) FILTER (WHERE state = 'running') "
    "FROM jobs WHERE state IN ('queued', 'running')";

#undef PARLEY_JOB_COLUMNS

Job read_job(const Rows& r, int row) {
  Job job;
  job.id = r.int64(row, 0);
  job.kind = r.text(row, 1);
  job.payload = r.text(row, 2);
  job.run_at = r.int64(row, 3);
  job.attempts = static_cast<int>(r.int64(row, 4));
  job.max_attempts = static_cast<int>(r.int64(row, 5));
  job.state = job_state_from(r.text(row, 6)).value_or(JobState::kFailed);
  job.lease_owner = r.optional_text(row, 7);
  job.lease_until = r.optional_int64(row, 8);
  job.last_error = r.optional_text(row, 9);
  job.created_at = r.int64(row, 10);
  job.finished_at = r.optional_int64(row, 11);
  job.dedupe_key = r.optional_text(row, 12);
  return job;
}

std::int64_t as_int64(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

Result<Enqueued> PostgresStore::enqueue_job(const NewJob& job, TimeMs now) {
  if (job.kind.empty() || job.max_attempts < 1) return fail(Errc::kInvalid);
  return job_change([&](Connection& db) -> Result<Enqueued> {
    auto inserted =
        db.query(kEnqueue, Params(job.kind, job.payload, job.run_at, job.max_attempts, now, job.dedupe_key));
    if (!inserted) return fail(errc_of(inserted));
    if (!inserted->empty()) return Enqueued{inserted->int64(0, 0), false};
    // Nothing inserted: the dedupe key is taken (by a committed job: the insert waited for it).
    auto existing = db.query(kByDedupeKey, Params(job.dedupe_key));
    if (!existing) return fail(errc_of(existing));
    if (existing->empty()) return fail(Errc::kUnavailable);  // removed in between: the caller may retry
    return Enqueued{existing->int64(0, 0), true};
  });
}

Result<std::vector<Job>> PostgresStore::claim_jobs(const JobClaim& claim) {
  if (claim.kinds.empty() || claim.limit == 0) return std::vector<Job>{};
  return job_change([&](Connection& db) -> Result<std::vector<Job>> {
    auto r = db.query(kClaim,
                      Params(claim.now, claim.kinds, claim.owner, claim.now + claim.lease_ms, as_int64(claim.limit)));
    if (!r) return fail(errc_of(r));
    std::vector<Job> jobs;
    for (int i = 0; i < r->size(); ++i) jobs.push_back(read_job(*r, i));
    std::sort(jobs.begin(), jobs.end(),
              [](const Job& a, const Job& b) { return std::tie(a.run_at, a.id) < std::tie(b.run_at, b.id); });
    return jobs;
  });
}

Result<void> PostgresStore::complete_job(std::int64_t id, std::string_view owner, TimeMs now) {
  return job_change([&](Connection& db) -> Result<void> {
    auto r = db.query(kComplete, Params(id, owner, now));
    if (!r) return fail(errc_of(r));
    if (r->affected() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

Result<JobState> PostgresStore::fail_job(std::int64_t id, std::string_view owner, std::string_view error, bool retry,
                                         const Backoff& backoff, TimeMs now) {
  const Backoff b = clamped(backoff);
  return job_change([&](Connection& db) -> Result<JobState> {
    auto r = db.query(kFail, Params(id, owner, error, retry ? "true" : "false", now, b.first_ms, b.max_ms));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return job_state_from(r->text(0, 0)).value_or(JobState::kFailed);
  });
}

Result<TimeMs> PostgresStore::extend_job_lease(std::int64_t id, std::string_view owner, TimeMs now, TimeMs lease_ms) {
  return job_change([&](Connection& db) -> Result<TimeMs> {
    auto r = db.query(kExtendLease, Params(id, owner, now, lease_ms));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return r->int64(0, 0);
  });
}

Result<std::size_t> PostgresStore::release_expired_jobs(TimeMs now) {
  return job_change([&](Connection& db) -> Result<std::size_t> {
    auto r = db.query(kReleaseExpired, Params(now));
    if (!r) return fail(errc_of(r));
    return static_cast<std::size_t>(r->affected());
  });
}

Result<std::size_t> PostgresStore::remove_finished_jobs(TimeMs before) {
  return job_change([&](Connection& db) -> Result<std::size_t> {
    auto r = db.query(kRemoveFinished, Params(before));
    if (!r) return fail(errc_of(r));
    return static_cast<std::size_t>(r->affected());
  });
}

Result<Job> PostgresStore::job_by_id(std::int64_t id) {
  return read([&](Connection& db) -> Result<Job> {
    auto r = db.query(kJobById, Params(id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return read_job(*r, 0);
  });
}

Result<JobCounts> PostgresStore::count_jobs(TimeMs now) {
  return read([&](Connection& db) -> Result<JobCounts> {
    auto r = db.query(kCountJobs, Params(now));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kUnavailable);
    return JobCounts{static_cast<std::size_t>(r->int64(0, 0)), static_cast<std::size_t>(r->int64(0, 1)),
                     static_cast<std::size_t>(r->int64(0, 2))};
  });
}

}  // namespace parley::store::postgres
