// The queue's upkeep job (job_retention.hpp) on a real job queue (SQLite in a temporary
// directory) with a FakeClock: one run per period whatever the number of processes, finished
// jobs removed after the retention, the next run enqueued by each run.
#include "jobs/job_retention.hpp"

#include "store/sqlite/sqlite_store.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace parley::jobs {
namespace {

namespace fs = std::filesystem;
using store::Job;
using store::JobState;

constexpr std::int64_t kHour = 3'600'000;

class JobRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley-retention-" + util::uuid_v7());
    fs::create_directories(dir_);
    store_ = store::open_sqlite_store((dir_ / "parley.db").string());
    jobs_ = store::jobs_of(*store_);
    ASSERT_NE(jobs_, nullptr);
  }
  void TearDown() override {
    runner_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  std::size_t poll_and_wait(JobRunner& r) {
    const auto started = r.poll_once();
    r.wait_idle();
    return started;
  }

  util::FakeClock clock_;
  util::WorkerPool workers_{"jobs-test", 2};
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  store::JobStore* jobs_ = nullptr;
  std::unique_ptr<JobRunner> runner_;

  JobState must_state(std::int64_t id) {
    auto r = jobs_->job_by_id(id);
    if (!r) throw std::runtime_error("no job " + std::to_string(id));
    return r->state;
  }
};

TEST_F(JobRetentionTest, RemovesFinishedJobsOlderThanTheRetentionOncePerPeriod) {
  runner_ = std::make_unique<JobRunner>(*jobs_, workers_, clock_, JobRunnerOptions{.owner = "a"});
  ASSERT_TRUE(install_job_retention(*runner_, *jobs_, JobRetention{.retention_ms = 1000, .every_ms = kHour}));
  runner_->handle("once", [](const Job&) { return JobOutcome::done(); });
  store::NewJob once;
  once.kind = "once";
  once.run_at = clock_.now_ms();
  const auto finished = runner_->enqueue(once)->id;

  // This period's run is due at once (the period began before now); the job it would remove
  // has just finished.
  EXPECT_EQ(poll_and_wait(*runner_), 2U);
  EXPECT_EQ(must_state(finished), JobState::kDone);
  auto counts = *jobs_->count_jobs(clock_.now_ms());
  EXPECT_EQ(counts.due, 0U);
  EXPECT_EQ(counts.scheduled, 1U) << "the next period's run";
  EXPECT_EQ(poll_and_wait(*runner_), 0U) << "once per period";

  clock_.advance(kHour);
  EXPECT_EQ(poll_and_wait(*runner_), 1U);
  EXPECT_EQ(jobs_->job_by_id(finished).error(), store::Errc::kNotFound) << "finished more than 1000 ms ago";
  counts = *jobs_->count_jobs(clock_.now_ms());
  EXPECT_EQ(counts.scheduled, 1U);
  EXPECT_EQ(runner_->stats().done, 3);
}

TEST_F(JobRetentionTest, ManyProcessesEnqueueOneRunPerPeriod) {
  auto other_store = store::open_sqlite_store((dir_ / "parley.db").string());
  JobRunner a(*jobs_, workers_, clock_, JobRunnerOptions{.owner = "a"});
  JobRunner b(*store::jobs_of(*other_store), workers_, clock_, JobRunnerOptions{.owner = "b"});
  ASSERT_TRUE(install_job_retention(a, *jobs_, JobRetention{}));
  ASSERT_TRUE(install_job_retention(b, *store::jobs_of(*other_store), JobRetention{}));
  EXPECT_EQ(jobs_->count_jobs(clock_.now_ms())->due, 1U);
  EXPECT_EQ(poll_and_wait(a) + poll_and_wait(b), 1U);
  EXPECT_EQ(jobs_->count_jobs(clock_.now_ms())->scheduled, 1U) << "one next run, whoever ran this one";
}

}  // namespace
}  // namespace parley::jobs
