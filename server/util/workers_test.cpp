#include "util/workers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>

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

}  // namespace
}  // namespace parley::util
