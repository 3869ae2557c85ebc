// SqliteStore: the job queue (store/job_store.hpp). Every change runs on the one writer, so a
// claim (an UPDATE of the due rows, RETURNING them) is never interleaved with another; other
// processes on the same file wait for the writer's BEGIN IMMEDIATE. Reads use the readers.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <limits>
#include <tuple>

namespace parley::store::sqlite {
namespace {

using util::fail;

#define PARLEY_JOB_COLUMNS                                                                                       \
  "id, kind, payload, run_at, attempts, max_attempts, state, lease_owner, lease_until, last_error, created_at, " \
  "finished_at, dedupe_key"

constexpr std::string_view kEnqueue =
    "INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at, dedupe_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id";
constexpr std::string_view kByDedupeKey = "SELECT id FROM jobs WHERE dedupe_key = ?1";
// ?2 is a JSON array of the kinds. The rows come back in no particular order (RETURNING).
constexpr std::string_view kClaim =
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?3, lease_until = ?4 "
    "WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ?1 "
    "             AND kind IN (SELECT value FROM json_each(?2)) ORDER BY run_at, id LIMIT ?5) "
    "RETURNING " PARLEY_JOB_COLUMNS;
constexpr std::string_view kComplete =
    "UPDATE jobs SET state = 'done', finished_at = ?3, lease_owner = NULL, lease_until = NULL "
    "WHERE id = ?1 AND state = 'running' AND lease_owner = ?2";
// ?4 retry, ?5 now, ?6 first delay, ?7 longest delay (clamped: job_store.hpp), the doublings
// capped at kMaxBackoffDoublings (30). SET reads the row as it was before the UPDATE.
constexpr std::string_view kFail =
    "UPDATE jobs SET "
    " state = CASE WHEN ?4 AND attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
    " run_at = CASE WHEN ?4 AND attempts < max_attempts "
    "          THEN ?5 + min(?7, ?6 << min(max(attempts - 1, 0), 30)) ELSE run_at END, "
    " finished_at = CASE WHEN ?4 AND attempts < max_attempts THEN NULL ELSE ?5 END, "
    " last_error = ?3, lease_owner = NULL, lease_until = NULL "
    "WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 RETURNING state";
constexpr std::string_view kExtendLease =
    "UPDATE jobs SET lease_until = ?3 + ?4 WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 "
    "RETURNING lease_until";
constexpr std::string_view kReleaseExpired =
    "UPDATE jobs SET "
    " state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
    " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ?1 END, "
    " last_error = 'the lease of ' || lease_owner || ' ended before the job finished', "
    " lease_owner = NULL, lease_until = NULL "
    "WHERE state = 'running' AND lease_until <= ?1";
constexpr std::string_view kRemoveFinished = "DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?1";
constexpr std::string_view kJobById = "SELECT " PARLEY_JOB_COLUMNS " FROM jobs WHERE id = ?1";
constexpr std::string_view kCountJobs =
    "SELECT count(*) FILTER (WHERE state = 'queued' AND run_at <= ?1), "
    " count(*) FILTER (WHERE state = 'queued' AND run_at > ?1), count(*) FILTER (WHERE state = 'running') "
    "FROM jobs WHERE state IN ('queued', 'running')";

#undef PARLEY_JOB_COLUMNS

Job read_job(const Query& q) {
  Job job;
  job.id = q.int64(0);
  job.kind = q.text(1);
  job.payload = q.text(2);
  job.run_at = q.int64(3);
  job.attempts = static_cast<int>(q.int64(4));
  job.max_attempts = static_cast<int>(q.int64(5));
  job.state = job_state_from(q.text(6)).value_or(JobState::kFailed);
  job.lease_owner = q.optional_text(7);
  job.lease_until = q.optional_int64(8);
  job.last_error = q.optional_text(9);
  job.created_at = q.int64(10);
  job.finished_at = q.optional_int64(11);
  job.dedupe_key = q.optional_text(12);
  return job;
}

std::string json_array(const std::vector<std::string>& values) {
  boost::json::array array;
  for (const auto& v : values) array.emplace_back(v);
  return boost::json::serialize(array);
}

std::int64_t as_int64(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

Result<Enqueued> SqliteStore::enqueue_job(const NewJob& job, TimeMs now) {
  if (job.kind.empty() || job.max_attempts < 1) return fail(Errc::kInvalid);
  return write<Enqueued>([&](Connection& db) -> Result<Enqueued> {
    {
      Query q(db, kEnqueue);
      q.bind(job.kind, job.payload, job.run_at, job.max_attempts, now, job.dedupe_key);
      if (q.next()) return Enqueued{q.int64(0), false};
      if (q.failed()) return fail(q.error());
    }
    // Nothing inserted: the dedupe key is taken.
    Query q(db, kByDedupeKey);
    q.bind(job.dedupe_key);
    if (q.next()) return Enqueued{q.int64(0), true};
    return fail(q.failed() ? q.error() : Errc::kUnavailable);
  });
}

Result<std::vector<Job>> SqliteStore::claim_jobs(const JobClaim& claim) {
  if (claim.kinds.empty() || claim.limit == 0) return std::vector<Job>{};
  const std::string kinds = json_array(claim.kinds);
  return write<std::vector<Job>>([&](Connection& db) -> Result<std::vector<Job>> {
    Query q(db, kClaim);
    q.bind(claim.now, kinds, claim.owner, claim.now + claim.lease_ms, as_int64(claim.limit));
    std::vector<Job> jobs;
    while (q.next()) jobs.push_back(read_job(q));
    if (q.failed()) return fail(q.error());
    std::sort(jobs.begin(), jobs.end(),
              [](const Job& a, const Job& b) { return std::tie(a.run_at, a.id) < std::tie(b.run_at, b.id); });
    return jobs;
  });
}

Result<void> SqliteStore::complete_job(std::int64_t id, std::string_view owner, TimeMs now) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kComplete);
    if (auto r = q.bind(id, owner, now).run(); !r) return r;
    if (db.changes() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

Result<JobState> SqliteStore::fail_job(std::int64_t id, std::string_view owner, std::string_view error, bool retry,
                                       const Backoff& backoff, TimeMs now) {
  const Backoff b = clamped(backoff);
  return write<JobState>([&](Connection& db) -> Result<JobState> {
    Query q(db, kFail);
    q.bind(id, owner, error, retry ? 1 : 0, now, b.first_ms, b.max_ms);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
    return job_state_from(q.text(0)).value_or(JobState::kFailed);
  });
}

Result<TimeMs> SqliteStore::extend_job_lease(std::int64_t id, std::string_view owner, TimeMs now, TimeMs lease_ms) {
  return write<TimeMs>([&](Connection& db) -> Result<TimeMs> {
    Query q(db, kExtendLease);
    q.bind(id, owner, now, lease_ms);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
    return q.int64(0);
  });
}

Result<std::size_t> SqliteStore::release_expired_jobs(TimeMs now) {
  return write<std::size_t>([&](Connection& db) -> Result<std::size_t> {
    Query q(db, kReleaseExpired);
    if (auto r = q.bind(now).run(); !r) return fail(r.error());
    return static_cast<std::size_t>(db.changes());
  });
}

Result<std::size_t> SqliteStore::remove_finished_jobs(TimeMs before) {
  return write<std::size_t>([&](Connection& db) -> Result<std::size_t> {
    Query q(db, kRemoveFinished);
    if (auto r = q.bind(before).run(); !r) return fail(r.error());
    return static_cast<std::size_t>(db.changes());
  });
}

Result<Job> SqliteStore::job_by_id(std::int64_t id) {
  auto db = readers_->acquire();
  Query q(*db, kJobById);
  q.bind(id);
  if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
  return read_job(q);
}

Result<JobCounts> SqliteStore::count_jobs(TimeMs now) {
  auto db = readers_->acquire();
  Query q(*db, kCountJobs);
  q.bind(now);
  if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
  return JobCounts{static_cast<std::size_t>(q.int64(0)), static_cast<std::size_t>(q.int64(1)),
                   static_cast<std::size_t>(q.int64(2))};
}

}  // namespace parley::store::sqlite
