#include "util/workers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <thread>

namespace parley::util {
namespace {

TEST(WorkerPool, TryPostRefusesWhenTheQueueIsFullAndCountsIt) {
  std::latch release(1);
  std::promise<void> started;
  std::atomic<int> ran{0};
  {
    WorkerPool pool("test-bounded", 1, 2);
    ASSERT_TRUE(pool.try_post([&] {
      started.set_value();
      release.wait();
      ++ran;
    }));
    started.get_future().wait();  // the only thread is busy; the queue is empty
    EXPECT_TRUE(pool.try_post([&] { ++ran; }));
    EXPECT_TRUE(pool.try_post([&] { ++ran; }));
    EXPECT_TRUE(pool.saturated());
    EXPECT_FALSE(pool.try_post([&] { ++ran; }));  // refused, and never run
    pool.post([&] { ++ran; });                    // post() always queues
    EXPECT_EQ(pool.queued(), 3u);
    const auto metrics = Metrics::global().render();
    EXPECT_NE(metrics.find("parley_pool_rejected_total{pool=\"test-bounded\"} 1"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("parley_pool_queued{pool=\"test-bounded\"} 3"), std::string::npos);
    release.count_down();
  }  // the destructor runs what is queued
  EXPECT_EQ(ran.load(), 4);
  EXPECT_EQ(Metrics::global().render().find("test-bounded"), std::string::npos) << "the pool's metrics outlived it";
}

TEST(WorkerPool, TryPostWithAWaitBoundRefusesOnceTheOldestTaskWaitedPastIt) {
  std::latch release(1);
  std::promise<void> started;
  std::atomic<int> ran{0};
  {
    WorkerPool pool("test-stalled", 1, 100);
    ASSERT_TRUE(pool.try_post([&] {
      started.set_value();
      release.wait();
    }));
    started.get_future().wait();  // the only thread is busy
    const auto bound = std::chrono::milliseconds(200);
    EXPECT_TRUE(pool.try_post([&] { ++ran; }, bound)) << "busy, but not for long yet";
    std::this_thread::sleep_for(bound + std::chrono::milliseconds(50));
    EXPECT_FALSE(pool.try_post([&] { ++ran; }, bound)) << "the oldest waited past the bound";
    EXPECT_TRUE(pool.try_post([&] { ++ran; }, std::chrono::hours(1))) << "nothing has waited an hour";
    EXPECT_TRUE(pool.try_post([&] { ++ran; })) << "without a bound: room in the queue";
    release.count_down();
  }
  EXPECT_EQ(ran.load(), 3);
}

TEST(WorkerPool, TryPostWithAWaitBoundRefusesWhileEveryThreadRunsPastIt) {
  std::latch release(1);
  std::latch started(2);
  std::atomic<int> ran{0};
  {
    WorkerPool pool("test-stuck", 2, 100);
    for (int i = 0; i < 2; ++i) {
      pool.post([&] {
        started.count_down();
        release.wait();
      });
    }
    started.wait();  // both threads busy, nothing queued
    const auto bound = std::chrono::milliseconds(200);
    EXPECT_TRUE(pool.try_post([&] { ++ran; }, std::chrono::hours(1)));
    std::this_thread::sleep_for(bound + std::chrono::milliseconds(50));
    EXPECT_FALSE(pool.try_post([&] { ++ran; }, bound)) << "both threads run past the bound";
    EXPECT_NE(Metrics::global().render().find("parley_pool_rejected_total{pool=\"test-stuck\"} 1"), std::string::npos);
    release.count_down();
  }
  EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace parley::util
