// The conformance suite of the job queue (store/job_store.hpp): what enqueue, claim, complete,
// fail, lease expiry and removal promise, on every backend alike.
#include "store/job_store_conformance.hpp"

#include <algorithm>
#include <atomic>
#include <latch>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace parley::store {

void PrintTo(JobState s, std::ostream* os) { *os << job_state_name(s); }

}  // namespace parley::store

namespace parley::store::conformance {

void JobStoreConformance::SetUp() {
  backend_ = GetParam().make();
  store_ = backend_->open();
  jobs_ = jobs_of(*store_);
  if (jobs_ == nullptr) GTEST_SKIP() << GetParam().name << " keeps no jobs";
}

void JobStoreConformance::TearDown() {
  store_.reset();
  backend_.reset();
}

std::unique_ptr<Store> JobStoreConformance::open_another() { return backend_->open(); }

namespace {

constexpr TimeMs kMinute = 60'000;

NewJob job_of(std::string kind, TimeMs run_at = kT0, std::string payload = "{}") {
  NewJob job;
  job.kind = std::move(kind);
  job.payload = std::move(payload);
  job.run_at = run_at;
  return job;
}

JobClaim claim_of(std::vector<std::string> kinds, std::size_t limit, std::string owner, TimeMs now,
                  TimeMs lease_ms = kMinute) {
  JobClaim claim;
  claim.kinds = std::move(kinds);
  claim.limit = limit;
  claim.owner = std::move(owner);
  claim.now = now;
  claim.lease_ms = lease_ms;
  return claim;
}

std::vector<std::int64_t> ids_of(const std::vector<Job>& jobs) {
  std::vector<std::int64_t> ids;
  for (const auto& j : jobs) ids.push_back(j.id);
  return ids;
}

std::int64_t enqueue(JobStore& jobs, const NewJob& job, TimeMs now = kT0) {
  auto r = must(jobs.enqueue_job(job, now), "enqueue");
  EXPECT_FALSE(r.duplicate);
  return r.id;
}

// Claims the one due job of `kind` (failing the test when there is not exactly one).
Job claim_one(JobStore& jobs, const std::string& kind, const std::string& owner, TimeMs now,
              TimeMs lease_ms = kMinute) {
  auto claimed = must(jobs.claim_jobs(claim_of({kind}, 10, owner, now, lease_ms)), "claim");
  if (claimed.size() != 1) throw std::runtime_error("claimed " + std::to_string(claimed.size()) + " jobs, not 1");
  return claimed[0];
}

TEST_P(JobStoreConformance, AnEnqueuedJobIsQueuedAsGiven) {
  NewJob job = job_of("thumbnail", kT0 + 5, R"({"b": [1, 2],  "a": "é\u00e9"})");
  job.max_attempts = 3;
  const auto id = enqueue(jobs(), job, kT0);
  const auto stored = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(stored.id, id);
  EXPECT_EQ(stored.kind, "thumbnail");
  EXPECT_EQ(stored.payload, job.payload) << "the payload is kept byte for byte";
  EXPECT_EQ(stored.run_at, kT0 + 5);
  EXPECT_EQ(stored.attempts, 0);
  EXPECT_EQ(stored.max_attempts, 3);
  EXPECT_EQ(stored.state, JobState::kQueued);
  EXPECT_EQ(stored.lease_owner, std::nullopt);
  EXPECT_EQ(stored.lease_until, std::nullopt);
  EXPECT_EQ(stored.last_error, std::nullopt);
  EXPECT_EQ(stored.created_at, kT0);
  EXPECT_EQ(stored.finished_at, std::nullopt);
  EXPECT_EQ(stored.dedupe_key, std::nullopt);

  EXPECT_NE(enqueue(jobs(), job, kT0), id) << "without a dedupe key every enqueue is a job";
  EXPECT_EQ(error_of(jobs().job_by_id(id + 1000)), Errc::kNotFound);
}

TEST_P(JobStoreConformance, RefusesAJobWithoutKindAttemptsOrJsonPayload) {
  EXPECT_EQ(error_of(jobs().enqueue_job(job_of(""), kT0)), Errc::kInvalid);
  NewJob no_attempts = job_of("export");
  no_attempts.max_attempts = 0;
  EXPECT_EQ(error_of(jobs().enqueue_job(no_attempts, kT0)), Errc::kInvalid);
  for (const char* payload : {"", "{", "not json", "{'a': 1}"}) {
    EXPECT_EQ(error_of(jobs().enqueue_job(job_of("export", kT0, payload), kT0)), Errc::kInvalid) << payload;
  }
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"", "export"}, 10, "a", kT0 + kMinute)), "claim").empty())
      << "nothing refused was stored";
}

TEST_P(JobStoreConformance, ASecondEnqueueWithTheSameDedupeKeyReturnsTheFirstJob) {
  NewJob job = job_of("retention", kT0, R"({"day": 1})");
  job.dedupe_key = "retention:day-1";
  const auto first = must(jobs().enqueue_job(job, kT0), "enqueue");
  EXPECT_FALSE(first.duplicate);

  job.payload = R"({"day": 2})";
  job.run_at = kT0 + kMinute;
  const auto second = must(jobs().enqueue_job(job, kT0 + 1), "enqueue again");
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.id, first.id);
  const auto stored = must(jobs().job_by_id(first.id), "job");
  EXPECT_EQ(stored.payload, R"({"day": 1})") << "the duplicate changed nothing";
  EXPECT_EQ(stored.run_at, kT0);
  EXPECT_EQ(stored.dedupe_key, "retention:day-1");

  // Still taken while the job runs and after it is done.
  const auto claimed = claim_one(jobs(), "retention", "a", kT0);
  EXPECT_EQ(must(jobs().enqueue_job(job, kT0), "while running").id, first.id);
  must(jobs().complete_job(claimed.id, "a", kT0 + 1), "complete");
  EXPECT_EQ(must(jobs().enqueue_job(job, kT0 + 2), "when done").id, first.id);

  // Another key is another job.
  job.dedupe_key = "retention:day-2";
  EXPECT_NE(enqueue(jobs(), job), first.id);
}

TEST_P(JobStoreConformance, ConcurrentEnqueuesOfOneKeyStoreOneJob) {
  auto other = open_another();
  JobStore& other_jobs = *jobs_of(*other);
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::mutex mutex;
  std::vector<Enqueued> results;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      NewJob job = job_of("notify", kT0, "{\"from\": " + std::to_string(i) + "}");
      job.dedupe_key = "notify:42";
      start.arrive_and_wait();
      auto r = (i % 2 == 0 ? jobs() : other_jobs).enqueue_job(job, kT0);
      std::lock_guard lock(mutex);
      if (r) results.push_back(*r);
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(results.size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(std::count_if(results.begin(), results.end(), [](const Enqueued& e) { return !e.duplicate; }), 1);
  for (const auto& r : results) EXPECT_EQ(r.id, results[0].id);
  EXPECT_EQ(must(jobs().claim_jobs(claim_of({"notify"}, 100, "a", kT0)), "claim").size(), 1U);
}

TEST_P(JobStoreConformance, AClaimTakesDueJobsByRunAtThenId) {
  const auto late = enqueue(jobs(), job_of("send", kT0 + 30));
  const auto early = enqueue(jobs(), job_of("send", kT0 + 10));
  const auto tie_a = enqueue(jobs(), job_of("send", kT0 + 20));
  const auto tie_b = enqueue(jobs(), job_of("send", kT0 + 20));
  const auto future = enqueue(jobs(), job_of("send", kT0 + kMinute));

  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"send"}, 10, "a", kT0 + 9)), "claim").empty()) << "nothing due yet";

  auto first = must(jobs().claim_jobs(claim_of({"send"}, 2, "a", kT0 + 30, 5000)), "claim");
  EXPECT_EQ(ids_of(first), (std::vector<std::int64_t>{early, tie_a})) << "at most `limit`, earliest first";
  for (const auto& j : first) {
    EXPECT_EQ(j.state, JobState::kRunning);
    EXPECT_EQ(j.attempts, 1);
    EXPECT_EQ(j.lease_owner, "a");
    EXPECT_EQ(j.lease_until, kT0 + 30 + 5000);
  }
  auto second = must(jobs().claim_jobs(claim_of({"send"}, 10, "b", kT0 + 30)), "claim");
  EXPECT_EQ(ids_of(second), (std::vector<std::int64_t>{tie_b, late})) << "the future job is not due";
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"send"}, 10, "b", kT0 + kMinute - 1)), "claim").empty());
  EXPECT_EQ(ids_of(must(jobs().claim_jobs(claim_of({"send"}, 10, "b", kT0 + kMinute)), "claim")),
            std::vector<std::int64_t>{future})
      << "due at run_at exactly";
  const auto stored = must(jobs().job_by_id(early), "job");
  EXPECT_EQ(stored.state, JobState::kRunning);
  EXPECT_EQ(stored.lease_owner, "a");
}

TEST_P(JobStoreConformance, AClaimTakesOnlyItsKinds) {
  const auto thumb = enqueue(jobs(), job_of("thumbnail"));
  const auto exp = enqueue(jobs(), job_of("export"));
  const auto other = enqueue(jobs(), job_of("unknown to this runner"));
  auto claimed = must(jobs().claim_jobs(claim_of({"export", "thumbnail"}, 10, "a", kT0)), "claim");
  std::vector<std::int64_t> ids = ids_of(claimed);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::int64_t>{thumb, exp}));
  EXPECT_EQ(must(jobs().job_by_id(other), "job").state, JobState::kQueued);
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({}, 10, "a", kT0)), "no kinds").empty());
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"unknown to this runner"}, 0, "a", kT0)), "limit 0").empty());
}

// Two stores on one database (two processes), four threads each, claim until the queue is
// empty: every job is claimed exactly once.
TEST_P(JobStoreConformance, ConcurrentClaimsNeverTakeAJobTwice) {
  constexpr int kJobs = 200;
  std::set<std::int64_t> all;
  for (int i = 0; i < kJobs; ++i) all.insert(enqueue(jobs(), job_of("work", kT0 + i % 7)));
  auto other = open_another();
  JobStore* stores[] = {&jobs(), jobs_of(*other)};

  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::mutex mutex;
  std::vector<std::int64_t> claimed;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      JobStore& store = *stores[t % 2];
      const std::string owner = "runner-" + std::to_string(t);
      start.arrive_and_wait();
      for (;;) {
        auto r = store.claim_jobs(claim_of({"work"}, 3, owner, kT0 + kMinute));
        if (!r) {
          errors.fetch_add(1);
          return;
        }
        if (r->empty()) return;
        std::lock_guard lock(mutex);
        for (const auto& j : *r) {
          EXPECT_EQ(j.lease_owner, owner);
          claimed.push_back(j.id);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claimed.size(), all.size()) << "no job claimed twice, none left behind";
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()), all);
}

TEST_P(JobStoreConformance, AFailedAttemptIsRetriedWithExponentialBackoff) {
  NewJob job = job_of("push");
  job.max_attempts = 4;
  const auto id = enqueue(jobs(), job);
  const Backoff backoff{1000, 3000};

  TimeMs now = kT0;
  const TimeMs expected_delays[] = {1000, 2000, 3000};  // 1000, 2000, then 4000 capped at 3000
  for (int attempt = 1; attempt <= 3; ++attempt) {
    const auto claimed = claim_one(jobs(), "push", "a", now);
    EXPECT_EQ(claimed.attempts, attempt);
    EXPECT_EQ(must(jobs().fail_job(id, "a", "gateway said 503", true, backoff, now), "fail"), JobState::kQueued);
    const auto stored = must(jobs().job_by_id(id), "job");
    const TimeMs delay = expected_delays[attempt - 1];
    EXPECT_EQ(delay, backoff_delay(backoff, attempt));
    EXPECT_EQ(stored.state, JobState::kQueued);
    EXPECT_EQ(stored.run_at, now + delay) << "attempt " << attempt;
    EXPECT_EQ(stored.last_error, "gateway said 503");
    EXPECT_EQ(stored.lease_owner, std::nullopt);
    EXPECT_EQ(stored.finished_at, std::nullopt);
    EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"push"}, 10, "a", now + delay - 1)), "claim").empty())
        << "not before its backoff";
    now += delay;
  }
  // The fourth attempt was the last.
  EXPECT_EQ(claim_one(jobs(), "push", "a", now).attempts, 4);
  EXPECT_EQ(must(jobs().fail_job(id, "a", "still 503", true, backoff, now), "fail"), JobState::kFailed);
  const auto stored = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(stored.state, JobState::kFailed);
  EXPECT_EQ(stored.attempts, 4);
  EXPECT_EQ(stored.last_error, "still 503");
  EXPECT_EQ(stored.finished_at, now);
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"push"}, 10, "a", now + 100 * kMinute)), "claim").empty());
}

TEST_P(JobStoreConformance, TheBackoffDoublesUpToItsCapWithoutOverflow) {
  NewJob job = job_of("slow");
  job.max_attempts = 40;
  const auto id = enqueue(jobs(), job);
  const Backoff backoff{1, kMaxBackoffMs};
  TimeMs now = kT0;
  for (int attempt = 1; attempt <= 34; ++attempt) {
    claim_one(jobs(), "slow", "a", now);
    must(jobs().fail_job(id, "a", "again", true, backoff, now), "fail");
    const auto stored = must(jobs().job_by_id(id), "job");
    ASSERT_EQ(stored.run_at - now, backoff_delay(backoff, attempt)) << "attempt " << attempt;
    now = stored.run_at;
  }
  EXPECT_EQ(backoff_delay(backoff, 34), TimeMs{1} << kMaxBackoffDoublings);
  EXPECT_EQ(backoff_delay(Backoff{kMaxBackoffMs, kMaxBackoffMs}, 34), kMaxBackoffMs);
  EXPECT_EQ(backoff_delay(Backoff{0, -5}, 1), 1) << "clamped to at least 1 ms";
}

TEST_P(JobStoreConformance, AFailureWithoutRetryEndsTheJob) {
  const auto id = enqueue(jobs(), job_of("export"));
  claim_one(jobs(), "export", "a", kT0);
  EXPECT_EQ(must(jobs().fail_job(id, "a", "the chat is gone", false, Backoff{}, kT0 + 1), "fail"), JobState::kFailed);
  const auto stored = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(stored.state, JobState::kFailed);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.finished_at, kT0 + 1);
}

TEST_P(JobStoreConformance, CompleteAndFailActOnlyOnAJobLeasedToTheCaller) {
  const auto id = enqueue(jobs(), job_of("export"));
  EXPECT_EQ(error_of(jobs().complete_job(id, "a", kT0)), Errc::kNotFound) << "queued, not leased";
  claim_one(jobs(), "export", "a", kT0);
  EXPECT_EQ(error_of(jobs().complete_job(id, "b", kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(jobs().fail_job(id, "b", "x", true, Backoff{}, kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(jobs().complete_job(id + 1000, "a", kT0)), Errc::kNotFound);
  EXPECT_EQ(must(jobs().job_by_id(id), "job").state, JobState::kRunning);

  must(jobs().complete_job(id, "a", kT0 + 7), "complete");
  const auto done = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.finished_at, kT0 + 7);
  EXPECT_EQ(done.lease_owner, std::nullopt);
  EXPECT_EQ(done.lease_until, std::nullopt);
  EXPECT_EQ(error_of(jobs().complete_job(id, "a", kT0 + 8)), Errc::kNotFound) << "done once";
  EXPECT_EQ(error_of(jobs().fail_job(id, "a", "late", true, Backoff{}, kT0 + 8)), Errc::kNotFound);
  EXPECT_EQ(must(jobs().job_by_id(id), "job").state, JobState::kDone);
}

// A runner that died leaves its job running; once the lease ends, the job is released and
// another runner takes it, and the first one can no longer complete it.
TEST_P(JobStoreConformance, AJobWhoseLeaseEndedIsReleasedAndClaimedAgain) {
  const auto id = enqueue(jobs(), job_of("thumbnail"));
  claim_one(jobs(), "thumbnail", "dead", kT0, 1000);
  EXPECT_EQ(must(jobs().release_expired_jobs(kT0 + 999), "release"), 0U);
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"thumbnail"}, 10, "b", kT0 + 999)), "claim").empty());

  EXPECT_EQ(must(jobs().release_expired_jobs(kT0 + 1000), "release"), 1U);
  const auto released = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(released.state, JobState::kQueued);
  EXPECT_EQ(released.lease_owner, std::nullopt);
  ASSERT_TRUE(released.last_error.has_value());
  EXPECT_NE(released.last_error->find("dead"), std::string::npos) << *released.last_error;

  auto other = open_another();
  const auto again = claim_one(*jobs_of(*other), "thumbnail", "b", kT0 + 1000);
  EXPECT_EQ(again.id, id);
  EXPECT_EQ(again.attempts, 2);
  EXPECT_EQ(error_of(jobs().complete_job(id, "dead", kT0 + 1001)), Errc::kNotFound);
  must(jobs_of(*other)->complete_job(id, "b", kT0 + 1002), "complete");
  EXPECT_EQ(must(jobs().job_by_id(id), "job").state, JobState::kDone);
  EXPECT_EQ(must(jobs().release_expired_jobs(kT0 + 100 * kMinute), "release"), 0U) << "done jobs stay done";
}

// A runner still at work extends its lease, so the job is not released under it; only the
// owner can, and not once the job went to someone else.
TEST_P(JobStoreConformance, TheOwnerExtendsTheLeaseOfARunningJob) {
  const auto id = enqueue(jobs(), job_of("export"));
  EXPECT_EQ(error_of(jobs().extend_job_lease(id, "a", kT0, 1000)), Errc::kNotFound) << "queued, not leased";
  claim_one(jobs(), "export", "a", kT0, 1000);
  EXPECT_EQ(must(jobs().extend_job_lease(id, "a", kT0 + 800, 1000), "extend"), kT0 + 1800);
  EXPECT_EQ(error_of(jobs().extend_job_lease(id, "b", kT0 + 800, 1000)), Errc::kNotFound) << "not b's";
  EXPECT_EQ(error_of(jobs().extend_job_lease(id + 1000, "a", kT0 + 800, 1000)), Errc::kNotFound);
  const auto extended = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(extended.state, JobState::kRunning);
  EXPECT_EQ(extended.lease_until, kT0 + 1800);
  EXPECT_EQ(extended.attempts, 1) << "an extension is no new attempt";

  EXPECT_EQ(must(jobs().release_expired_jobs(kT0 + 1500), "release"), 0U) << "the old end passed, the new one not";
  EXPECT_EQ(must(jobs().release_expired_jobs(kT0 + 1800), "release"), 1U);
  EXPECT_EQ(error_of(jobs().extend_job_lease(id, "a", kT0 + 1801, 1000)), Errc::kNotFound) << "released";
  claim_one(jobs(), "export", "b", kT0 + 1802, 1000);
  EXPECT_EQ(error_of(jobs().extend_job_lease(id, "a", kT0 + 1803, 1000)), Errc::kNotFound) << "b's now";
  must(jobs().complete_job(id, "b", kT0 + 1804), "complete");
  EXPECT_EQ(error_of(jobs().extend_job_lease(id, "b", kT0 + 1805, 1000)), Errc::kNotFound) << "done";
}

TEST_P(JobStoreConformance, CountsQueuedAndRunningJobs) {
  EXPECT_EQ(must(jobs().count_jobs(kT0), "count").due, 0U);
  enqueue(jobs(), job_of("a"));
  enqueue(jobs(), job_of("a", kT0 + 10));
  enqueue(jobs(), job_of("b", kT0 + kMinute));
  const auto done = enqueue(jobs(), job_of("c"));
  enqueue(jobs(), job_of("d"));
  claim_one(jobs(), "c", "r", kT0);
  must(jobs().complete_job(done, "r", kT0), "complete");
  claim_one(jobs(), "d", "r", kT0);

  auto counts = must(jobs().count_jobs(kT0), "count");
  EXPECT_EQ(counts.due, 1U);
  EXPECT_EQ(counts.scheduled, 2U);
  EXPECT_EQ(counts.running, 1U);
  counts = must(jobs().count_jobs(kT0 + 10), "count");
  EXPECT_EQ(counts.due, 2U) << "run_at <= now is due";
  EXPECT_EQ(counts.scheduled, 1U);
}

TEST_P(JobStoreConformance, AJobWhoseLeaseEndedOnItsLastAttemptFails) {
  NewJob job = job_of("crashy");
  job.max_attempts = 1;
  const auto id = enqueue(jobs(), job);
  claim_one(jobs(), "crashy", "dead", kT0, 1000);
  EXPECT_EQ(must(jobs().release_expired_jobs(kT0 + 5000), "release"), 1U);
  const auto stored = must(jobs().job_by_id(id), "job");
  EXPECT_EQ(stored.state, JobState::kFailed);
  EXPECT_EQ(stored.finished_at, kT0 + 5000);
  EXPECT_TRUE(must(jobs().claim_jobs(claim_of({"crashy"}, 10, "b", kT0 + 5000)), "claim").empty());
}

TEST_P(JobStoreConformance, RemovesFinishedJobsAndFreesTheirKeys) {
  NewJob keyed = job_of("a");
  keyed.dedupe_key = "k";
  const auto done = enqueue(jobs(), keyed);
  const auto failed = enqueue(jobs(), job_of("b"));
  const auto running = enqueue(jobs(), job_of("c"));
  const auto queued = enqueue(jobs(), job_of("d", kT0 + kMinute));
  const auto late = enqueue(jobs(), job_of("e"));
  claim_one(jobs(), "a", "r", kT0);
  must(jobs().complete_job(done, "r", kT0 + 1), "complete");
  claim_one(jobs(), "b", "r", kT0);
  must(jobs().fail_job(failed, "r", "no", false, Backoff{}, kT0 + 2), "fail");
  claim_one(jobs(), "c", "r", kT0);
  claim_one(jobs(), "e", "r", kT0);
  must(jobs().complete_job(late, "r", kT0 + 10), "complete");

  EXPECT_EQ(must(jobs().remove_finished_jobs(kT0 + 10), "remove"), 2U) << "finished before kT0 + 10";
  EXPECT_EQ(error_of(jobs().job_by_id(done)), Errc::kNotFound);
  EXPECT_EQ(error_of(jobs().job_by_id(failed)), Errc::kNotFound);
  EXPECT_EQ(must(jobs().job_by_id(running), "job").state, JobState::kRunning);
  EXPECT_EQ(must(jobs().job_by_id(queued), "job").state, JobState::kQueued);
  EXPECT_EQ(must(jobs().job_by_id(late), "job").state, JobState::kDone);

  const auto fresh = must(jobs().enqueue_job(keyed, kT0 + 20), "enqueue");
  EXPECT_FALSE(fresh.duplicate) << "the key is free again";
  EXPECT_GT(fresh.id, late) << "ids are never reused";
}

}  // namespace
}  // namespace parley::store::conformance
