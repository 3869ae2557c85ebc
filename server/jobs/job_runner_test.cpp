// Tests of JobRunner on a real job queue (the SQLite store in a temporary directory) with a
// FakeClock: the tests poll by hand (poll_once, wait_idle) and move time themselves, except the
// one of the polling thread, which waits for the handler with a deadline.
#include "jobs/job_runner.hpp"

#include "store/sqlite/sqlite_store.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace parley::jobs {
namespace {

namespace fs = std::filesystem;
using store::Job;
using store::JobState;
using store::NewJob;

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley-jobs-" + util::uuid_v7());
    fs::create_directories(dir_);
    store_ = store::open_sqlite_store((dir_ / "parley.db").string());
    jobs_ = store::jobs_of(*store_);
    ASSERT_NE(jobs_, nullptr);
  }
  void TearDown() override {
    runner_.reset();  // before the store it uses
    store_.reset();
    fs::remove_all(dir_);
  }

  JobRunner& runner(JobRunnerOptions options = {}) {
    if (options.owner.empty()) options.owner = "test-runner";
    runner_ = std::make_unique<JobRunner>(*jobs_, workers_, clock_, options);
    return *runner_;
  }

  // Registers "export" with a 1 s lease: its handler says when it started, then runs until
  // `release` opens.
  static void handle_held_export(JobRunner& r, std::latch& entered, std::latch& release) {
    JobKindOptions options;
    options.lease_ms = 1000;
    r.handle(
        "export",
        [&entered, &release](const Job&) {
          entered.count_down();
          release.wait();
          return JobOutcome::done();
        },
        options);
  }

  std::int64_t enqueue(const std::string& kind, std::int64_t run_at, int max_attempts = 5) {
    NewJob job;
    job.kind = kind;
    job.run_at = run_at;
    job.max_attempts = max_attempts;
    auto r = runner_->enqueue(job);
    if (!r) throw std::runtime_error("enqueue failed");
    return r->id;
  }

  Job job(std::int64_t id) {
    auto r = jobs_->job_by_id(id);
    if (!r) throw std::runtime_error("no job " + std::to_string(id));
    return *r;
  }

  // One poll, then waits for what it started; returns how many it started.
  std::size_t poll_and_wait() {
    const auto started = runner_->poll_once();
    runner_->wait_idle();
    return started;
  }

  util::FakeClock clock_;
  util::WorkerPool workers_{"jobs-test", 4};
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  store::JobStore* jobs_ = nullptr;
  std::unique_ptr<JobRunner> runner_;
};

TEST_F(JobRunnerTest, AJobRunsAtItsTimeAndNotBefore) {
  auto& r = runner();
  std::vector<std::string> payloads;
  std::mutex mutex;
  r.handle("remind", [&](const Job& job) {
    std::lock_guard lock(mutex);
    payloads.push_back(job.payload);
    return JobOutcome::done();
  });
  const auto t0 = clock_.now_ms();
  const auto id = enqueue("remind", t0 + 1000);

  EXPECT_EQ(poll_and_wait(), 0U);
  clock_.advance(999);
  EXPECT_EQ(poll_and_wait(), 0U);
  EXPECT_TRUE(payloads.empty());
  clock_.advance(1);
  EXPECT_EQ(poll_and_wait(), 1U);
  EXPECT_EQ(payloads, std::vector<std::string>{"{}"});
  const auto stored = job(id);
  EXPECT_EQ(stored.state, JobState::kDone);
  EXPECT_EQ(stored.finished_at, t0 + 1000);
  EXPECT_EQ(poll_and_wait(), 0U) << "a done job does not run again";
  EXPECT_EQ(r.stats().done, 1);
}

TEST_F(JobRunnerTest, AFailingHandlerIsRetriedWithBackoff) {
  auto& r = runner();
  std::atomic<int> calls{0};
  JobKindOptions options;
  options.backoff = store::Backoff{1000, 60'000};
  r.handle(
      "push",
      [&](const Job& job) {
        EXPECT_EQ(job.attempts, calls.load() + 1);
        return ++calls < 3 ? JobOutcome::retry("gateway busy") : JobOutcome::done();
      },
      options);
  const auto id = enqueue("push", clock_.now_ms(), 5);

  EXPECT_EQ(poll_and_wait(), 1U);  // attempt 1 fails: again in 1000 ms
  EXPECT_EQ(job(id).state, JobState::kQueued);
  EXPECT_EQ(job(id).last_error, "gateway busy");
  clock_.advance(999);
  EXPECT_EQ(poll_and_wait(), 0U);
  clock_.advance(1);
  EXPECT_EQ(poll_and_wait(), 1U);  // attempt 2 fails: again in 2000 ms
  clock_.advance(1999);
  EXPECT_EQ(poll_and_wait(), 0U);
  clock_.advance(1);
  EXPECT_EQ(poll_and_wait(), 1U);  // attempt 3 succeeds
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(job(id).state, JobState::kDone);
  EXPECT_EQ(job(id).attempts, 3);
  EXPECT_EQ(r.stats().retried, 2);
  EXPECT_EQ(r.stats().failed, 0);
  EXPECT_EQ(r.stats().done, 1);
  EXPECT_EQ(r.stats().claimed, 3);
}

TEST_F(JobRunnerTest, AHandlerThatGivesUpFailsTheJobAtOnce) {
  auto& r = runner();
  r.handle("export", [](const Job&) { return JobOutcome::give_up("the chat was deleted"); });
  const auto id = enqueue("export", clock_.now_ms(), 5);
  EXPECT_EQ(poll_and_wait(), 1U);
  EXPECT_EQ(job(id).state, JobState::kFailed);
  EXPECT_EQ(job(id).last_error, "the chat was deleted");
  clock_.advance(24 * 3'600'000);
  EXPECT_EQ(poll_and_wait(), 0U);
}

TEST_F(JobRunnerTest, AHandlerThatThrowsIsAFailedAttemptAndTheRunnerGoesOn) {
  auto& r = runner();
  r.handle("thumbnail", [](const Job& job) -> JobOutcome {
    if (job.payload == "{}") throw std::runtime_error("decoder crashed");
    return JobOutcome::done();
  });
  r.handle("odd", [](const Job&) -> JobOutcome { throw 42; });
  const auto bad = enqueue("thumbnail", clock_.now_ms(), 1);
  const auto odd = enqueue("odd", clock_.now_ms(), 2);
  EXPECT_EQ(poll_and_wait(), 2U);
  EXPECT_EQ(job(bad).state, JobState::kFailed) << "its only attempt failed";
  EXPECT_NE(job(bad).last_error->find("decoder crashed"), std::string::npos) << *job(bad).last_error;
  EXPECT_EQ(job(odd).state, JobState::kQueued) << "retried: it has attempts left";
  EXPECT_NE(job(odd).last_error->find("threw"), std::string::npos) << *job(odd).last_error;

  NewJob good;
  good.kind = "thumbnail";
  good.payload = R"({"ok": true})";
  good.run_at = clock_.now_ms();
  const auto id = r.enqueue(good)->id;
  EXPECT_EQ(poll_and_wait(), 1U);
  EXPECT_EQ(job(id).state, JobState::kDone);
  EXPECT_EQ(r.stats().failed, 1) << "bad: no attempt left";
  EXPECT_EQ(r.stats().retried, 1) << "odd";
}

TEST_F(JobRunnerTest, KindsWithoutAHandlerStayQueued) {
  auto& r = runner();
  r.handle("mine", [](const Job&) { return JobOutcome::done(); });
  const auto theirs = enqueue("theirs", clock_.now_ms());
  EXPECT_EQ(poll_and_wait(), 0U);
  EXPECT_EQ(job(theirs).state, JobState::kQueued);
  EXPECT_EQ(job(theirs).attempts, 0);
}

TEST_F(JobRunnerTest, RunsAtMostItsConcurrencyAtOnce) {
  JobRunnerOptions options;
  options.concurrency = 2;
  auto& r = runner(options);
  std::mutex mutex;
  std::condition_variable cv;
  int running = 0;
  int most = 0;
  bool open = false;
  r.handle("slow", [&](const Job&) {
    std::unique_lock lock(mutex);
    most = std::max(most, ++running);
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    --running;
    return JobOutcome::done();
  });
  for (int i = 0; i < 5; ++i) enqueue("slow", clock_.now_ms());

  EXPECT_EQ(r.poll_once(), 2U);
  EXPECT_EQ(r.poll_once(), 0U) << "no free slot";
  {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return running == 2; });
    open = true;
  }
  cv.notify_all();
  r.wait_idle();
  EXPECT_EQ(poll_and_wait(), 2U);
  EXPECT_EQ(poll_and_wait(), 1U);
  EXPECT_EQ(most, 2);
  EXPECT_EQ(r.stats().done, 5);
}

TEST_F(JobRunnerTest, AJobOfARunnerThatDiedRunsAgainAfterItsLease) {
  auto& r = runner();
  std::atomic<int> calls{0};
  JobKindOptions options;
  options.lease_ms = 10'000;
  r.handle(
      "export",
      [&](const Job& job) {
        EXPECT_EQ(job.attempts, 2);
        ++calls;
        return JobOutcome::done();
      },
      options);
  const auto id = enqueue("export", clock_.now_ms());
  // Another process claimed it and died.
  store::JobClaim claim;
  claim.kinds = {"export"};
  claim.owner = "dead-process";
  claim.now = clock_.now_ms();
  claim.lease_ms = 10'000;
  ASSERT_EQ(jobs_->claim_jobs(claim)->size(), 1U);

  clock_.advance(9'999);
  EXPECT_EQ(poll_and_wait(), 0U);
  clock_.advance(1);
  EXPECT_EQ(poll_and_wait(), 1U);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(job(id).state, JobState::kDone);
  EXPECT_EQ(r.stats().released, 1);
}

// A handler may run longer than its kind's lease: the runner extends the lease once half of it
// has passed, so that no other process takes the job meanwhile.
TEST_F(JobRunnerTest, ALongRunningJobKeepsItsLease) {
  auto& r = runner();
  std::latch entered(1);
  std::latch release(1);
  handle_held_export(r, entered, release);
  const auto t0 = clock_.now_ms();
  const auto id = enqueue("export", t0);
  ASSERT_EQ(r.poll_once(), 1U);
  entered.wait();
  EXPECT_EQ(job(id).lease_until, t0 + 1000);

  clock_.advance(400);
  r.poll_once();
  EXPECT_EQ(job(id).lease_until, t0 + 1000) << "more than half of the lease is left";
  clock_.advance(200);
  r.poll_once();
  EXPECT_EQ(job(id).lease_until, t0 + 1600) << "extended to a full lease from now";
  clock_.advance(600);
  r.poll_once();
  EXPECT_EQ(job(id).lease_until, t0 + 2200);

  // Past the first lease's end, another process finds nothing to release or claim.
  auto other = store::open_sqlite_store((dir_ / "parley.db").string());
  EXPECT_EQ(*store::jobs_of(*other)->release_expired_jobs(t0 + 1500), 0U);
  EXPECT_EQ(job(id).state, JobState::kRunning);

  release.count_down();
  r.wait_idle();
  EXPECT_EQ(job(id).state, JobState::kDone);
  EXPECT_EQ(job(id).attempts, 1);
  EXPECT_EQ(r.stats().leases_extended, 2);
  EXPECT_EQ(r.stats().leases_lost, 0);
  clock_.advance(10'000);
  r.poll_once();
  EXPECT_EQ(r.stats().leases_extended, 2) << "a finished job's lease is not extended";
}

// A runner that stalled past its lease finds the job taken by another one: it counts the loss
// and stores no outcome over the other's.
TEST_F(JobRunnerTest, ALeaseLostWhileTheHandlerRanIsCounted) {
  auto& r = runner();
  std::latch entered(1);
  std::latch release(1);
  handle_held_export(r, entered, release);
  const auto t0 = clock_.now_ms();
  const auto id = enqueue("export", t0);
  ASSERT_EQ(r.poll_once(), 1U);
  entered.wait();

  clock_.advance(1000);  // no poll in time: the lease ends, another process takes the job
  auto other = store::open_sqlite_store((dir_ / "parley.db").string());
  auto* other_jobs = store::jobs_of(*other);
  EXPECT_EQ(*other_jobs->release_expired_jobs(t0 + 1000), 1U);
  store::JobClaim claim;
  claim.kinds = {"export"};
  claim.owner = "other";
  claim.now = t0 + 1000;
  ASSERT_EQ(other_jobs->claim_jobs(claim)->size(), 1U);

  r.poll_once();
  EXPECT_EQ(r.stats().leases_lost, 1);
  release.count_down();
  r.wait_idle();
  EXPECT_EQ(job(id).state, JobState::kRunning) << "still the other runner's";
  EXPECT_EQ(job(id).lease_owner, "other");
}

TEST_F(JobRunnerTest, StatsCountTheQueue) {
  auto& r = runner();
  r.handle("mine", [](const Job&) { return JobOutcome::done(); });
  EXPECT_FALSE(r.stats().queue.has_value()) << "not counted before the first poll";
  enqueue("theirs", clock_.now_ms());
  enqueue("theirs", clock_.now_ms());
  enqueue("theirs", clock_.now_ms() + 60'000);
  enqueue("mine", clock_.now_ms());
  EXPECT_EQ(poll_and_wait(), 1U);
  const auto stats = r.stats();
  ASSERT_TRUE(stats.queue.has_value());
  EXPECT_EQ(stats.queue->due, 2U) << "of kinds that no runner here handles";
  EXPECT_EQ(stats.queue->scheduled, 1U);
  EXPECT_EQ(stats.claimed, 1);
  EXPECT_EQ(stats.done, 1);
  EXPECT_EQ(stats.running, 0U);
  const auto times = r.run_times();
  ASSERT_EQ(times.size(), 1U);
  EXPECT_EQ(times[0].first, "mine");
  std::string rendered;
  times[0].second->render(rendered, "run", "kind=\"mine\"");
  EXPECT_NE(rendered.find("run_count{kind=\"mine\"} 1"), std::string::npos) << rendered;
}

TEST_F(JobRunnerTest, StopWaitsForRunningHandlers) {
  auto& r = runner();
  std::latch entered(1);
  std::atomic<bool> stop_returned{false};
  std::atomic<bool> stop_returned_while_running{false};
  r.handle("long", [&](const Job&) {
    entered.count_down();
    // Stays until stop() has been called, then checks it has not returned yet.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!r.stopping() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    stop_returned_while_running = stop_returned.load();
    return JobOutcome::done();
  });
  const auto id = enqueue("long", clock_.now_ms());
  ASSERT_EQ(r.poll_once(), 1U);
  entered.wait();
  std::thread stopper([&] {
    r.stop();
    stop_returned = true;
  });
  stopper.join();
  EXPECT_FALSE(stop_returned_while_running.load());
  EXPECT_EQ(job(id).state, JobState::kDone) << "the outcome was stored before stop() returned";
  EXPECT_EQ(r.poll_once(), 0U) << "a stopped runner claims nothing";
}

TEST_F(JobRunnerTest, ThePollingThreadRunsAJobWhenItIsEnqueued) {
  JobRunnerOptions options;
  options.poll_interval = std::chrono::minutes(10);  // only wake() can make it poll in time
  auto& r = runner(options);
  std::promise<std::string> ran;
  r.handle("welcome", [&](const Job& job) {
    ran.set_value(job.payload);
    return JobOutcome::done();
  });
  r.start();
  NewJob job;
  job.kind = "welcome";
  job.payload = R"({"user": "u1"})";
  job.run_at = clock_.now_ms();
  ASSERT_TRUE(r.enqueue(job).ok());
  auto done = ran.get_future();
  ASSERT_EQ(done.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(done.get(), R"({"user": "u1"})");
  r.stop();
  EXPECT_EQ(r.stats().done, 1);
}

}  // namespace
}  // namespace parley::jobs
