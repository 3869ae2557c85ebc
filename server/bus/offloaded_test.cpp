// The bulkhead of bus/offloaded.hpp: with the outside service stalled (a backend whose calls
// block until the test lets them go), at most the outside pool's threads and queue wait on
// it; the other callers get the fallback answer at once, and database work on the chat's
// workers still completes.
#include "bus/offloaded.hpp"

#include "bus/local/local_bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace parley::bus {
namespace {

using namespace std::chrono_literals;

// A stand-in for Redis that stalls: every call blocks until open(), then answers as a
// service that knows everyone is online and grants every token.
class Stall {
 public:
  void enter() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  // Returns once `n` calls are stuck in the service.
  void wait_for_waiting(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_ >= n; });
  }
  int waiting() {
    std::lock_guard lock(mutex_);
    return waiting_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;    // guarded by mutex_
  bool open_ = false;  // guarded by mutex_
};

class StalledLimiter final : public RateLimiter {
 public:
  explicit StalledLimiter(Stall& stall) : stall_(stall) {}
  std::size_t take(std::string_view, double, double, std::int64_t, std::size_t wanted) override {
    stall_.enter();
    return wanted;
  }
  std::size_t take_all(std::string_view, double, double, std::int64_t, std::size_t wanted) override {
    stall_.enter();
    return wanted;
  }

 private:
  Stall& stall_;
};

class StalledPresence final : public Presence {
 public:
  explicit StalledPresence(Stall& stall) : stall_(stall) {}
  void watch(Watcher) override {}
  bool connect(std::string_view, std::int64_t) override { return true; }
  bool disconnect(std::string_view, std::int64_t) override { return true; }
  void touch(std::string_view, std::int64_t) override { stall_.enter(); }
  PresenceState state(std::string_view, std::int64_t) const override {
    stall_.enter();
    return PresenceState::kOnline;
  }
  std::vector<std::string> online_users() const override {
    stall_.enter();
    return {"u1"};
  }
  std::optional<std::int64_t> last_seen(std::string_view) const override {
    stall_.enter();
    return 1;
  }
  std::vector<UserPresence> states(const std::vector<std::string>& users, std::int64_t) const override {
    stall_.enter();
    return std::vector<UserPresence>(users.size(), UserPresence{PresenceState::kOnline, 1});
  }
  void receive(std::string_view, std::string_view) override {}
  void stop_receiving(std::string_view, std::string_view) override {}
  std::vector<std::string> receiving(const std::vector<std::string>& users, std::string_view) const override {
    stall_.enter();
    return users;
  }

 private:
  Stall& stall_;
};

TEST(Offloaded, AnswersThroughThePoolWhileTheServiceAnswers) {
  util::WorkerPool outside("test-outside-ok", 2, 8);
  LocalRateLimiter local_limiter;
  LocalPresence local_presence(60'000);
  OffloadedRateLimiter limiter(local_limiter, outside);
  OffloadedPresence presence(local_presence, outside);
  EXPECT_TRUE(presence.connect("u1", 1000));
  presence.touch("u1", 1000);
  EXPECT_EQ(presence.state("u1", 1000), PresenceState::kOnline);
  EXPECT_EQ(presence.online_users(), std::vector<std::string>{"u1"});
  presence.receive("u1", "c1");
  EXPECT_EQ(presence.receiving({"u1", "u2"}, "c1"), std::vector<std::string>{"u1"});
  EXPECT_EQ(limiter.take("k", 1, 2, 1000, 5), 2U) << "the inner bucket's answer";
  EXPECT_EQ(limiter.take_all("k2", 1, 3, 1000, 5), 3U) << "held 3 of 5: none taken";
  EXPECT_EQ(limiter.take_all("k2", 1, 3, 1000, 3), 3U) << "all 3 taken";
  EXPECT_EQ(limiter.take_all("k2", 1, 3, 1000, 1), 0U);
  EXPECT_TRUE(presence.disconnect("u1", 2000));
  EXPECT_EQ(presence.last_seen("u1"), 2000);
  const auto states = presence.states({"u1", "u2"}, 2000);
  ASSERT_EQ(states.size(), 2U);
  EXPECT_EQ(states[0].state, PresenceState::kOffline);
  EXPECT_EQ(states[0].last_seen, 2000);
  EXPECT_EQ(states[1].last_seen, std::nullopt);
}

// The chat's pool has 4 workers; the outside pool 1 thread and a queue of 1. With the service
// stalled, 2 workers wait on it (the running call and the queued one), and every other request
// gets the fallback at once and does its database work.
TEST(Offloaded, AStalledServiceHoldsNoMoreThanTheOutsidePool) {
  Stall stall;
  StalledLimiter stalled_limiter(stall);
  StalledPresence stalled_presence(stall);
  util::WorkerPool outside("test-outside-stalled", 1, 1);
  // Only the queue's bound here (the next tests have the waits').
  const OffloadOptions options{.max_wait = std::chrono::minutes(1), .max_answer = std::chrono::minutes(1)};
  OffloadedRateLimiter limiter(stalled_limiter, outside, options);
  OffloadedPresence presence(stalled_presence, outside, options);

  std::atomic<int> database_work{0};
  std::vector<std::future<void>> requests;
  {
    util::WorkerPool chat("test-chat", 4);
    // A request: the rate limit (through the service), then its database work.
    const auto send = [&](std::size_t wanted) {
      auto done = std::make_shared<std::promise<void>>();
      requests.push_back(done->get_future());
      chat.post([&, done, wanted] {
        EXPECT_EQ(limiter.take("user:1:message", 20, 60, 1000, wanted), wanted) << "allowed";
        ++database_work;
        done->set_value();
      });
    };
    send(1);
    stall.wait_for_waiting(1);  // the outside thread is stuck
    send(1);
    // The second request's call waits in the outside queue; wait until it is queued.
    while (outside.queued() < 1) std::this_thread::yield();

    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) send(1);
    // Presence reads and activity get their fallbacks at once too.
    std::promise<PresenceState> state;
    chat.post([&] { state.set_value(presence.state("u1", 1000)); });
    std::promise<std::vector<std::string>> receivers;
    chat.post([&] { receivers.set_value(presence.receiving({"u1"}, "c1")); });
    // (Waited for: a touch still to run after the service answers again would reach it.)
    std::promise<void> touched;
    chat.post([&] {
      presence.touch("u1", 1000);
      touched.set_value();
    });
    touched.get_future().get();
    EXPECT_EQ(state.get_future().get(), PresenceState::kOffline);
    EXPECT_TRUE(receivers.get_future().get().empty()) << "nobody known to receive: the message stays SENT";
    for (std::size_t i = 2; i < requests.size(); ++i) {
      ASSERT_EQ(requests[i].wait_for(5s), std::future_status::ready) << "request " << i << " waited on the service";
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_EQ(database_work.load(), 20) << "every request but the two waiting did its database work";
    EXPECT_EQ(stall.waiting(), 1) << "only the running call is in the service";
    EXPECT_EQ(outside.queued(), 1U) << "and one queued behind it";

    stall.open();  // the service answers again: the two waiting requests finish
    for (auto& r : requests) ASSERT_EQ(r.wait_for(5s), std::future_status::ready);
  }
  EXPECT_EQ(database_work.load(), 22);
  EXPECT_EQ(stall.waiting(), 2);
}

// A queue that has room still refuses once every thread has been on its call past max_wait
// (or its oldest queued call waited that long: util/workers_test.cpp): the service stalls, and
// a new call would wait at least as long.
TEST(Offloaded, RefusesOnceEveryThreadWasOnItsCallTooLong) {
  Stall stall;
  StalledLimiter stalled_limiter(stall);
  util::WorkerPool outside("test-outside-slow", 1, 100);
  OffloadedRateLimiter limiter(stalled_limiter, outside, OffloadOptions{.max_wait = 20ms});
  util::WorkerPool chat("test-chat-slow", 4);
  std::promise<std::size_t> first;
  std::promise<std::size_t> second;
  chat.post([&] { first.set_value(limiter.take("k", 1, 1, 0, 1)); });
  stall.wait_for_waiting(1);
  std::this_thread::sleep_for(40ms);
  chat.post([&] { second.set_value(limiter.take("k", 1, 1, 0, 2)); });
  auto answer = second.get_future();
  const bool answered_at_once = answer.wait_for(1s) == std::future_status::ready;
  stall.open();
  ASSERT_TRUE(answered_at_once) << "the call waited on the stalled service";
  EXPECT_EQ(answer.get(), 2U) << "allowed without asking";
  EXPECT_EQ(first.get_future().get(), 1U);
  EXPECT_EQ(stall.waiting(), 1) << "the refused call never reached the service";
}

// A caller waits at most max_answer; after one such wait, calls are answered without asking
// for pause_after_stall, so that a request making many calls waits once.
TEST(Offloaded, AfterOneCallWaitedTooLongCallsAreAnsweredWithoutAskingForAWhile) {
  Stall stall;
  StalledPresence stalled_presence(stall);
  util::WorkerPool outside("test-outside-breaker", 2, 100);
  OffloadedPresence presence(
      stalled_presence, outside,
      OffloadOptions{
          .max_wait = std::chrono::minutes(1), .max_answer = 50ms, .pause_after_stall = std::chrono::minutes(1)});
  EXPECT_EQ(presence.state("u1", 1000), PresenceState::kOffline) << "the fallback, after max_answer";
  EXPECT_EQ(stall.waiting(), 1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(presence.state("u1", 1000), PresenceState::kOffline);
  EXPECT_TRUE(presence.receiving({"u1"}, "c1").empty());
  const auto states = presence.states({"u1", "u2"}, 1000);
  ASSERT_EQ(states.size(), 2U) << "one answer per user";
  EXPECT_EQ(states[1].state, PresenceState::kOffline);
  EXPECT_EQ(states[1].last_seen, std::nullopt);
  // A call that asked would have reached the service on the pool's second thread.
  EXPECT_EQ(stall.waiting(), 1) << "none of them reached the service";
  EXPECT_EQ(outside.queued(), 0U);
  stall.open();  // the abandoned call finishes on its own, with its own copy of the arguments
}

}  // namespace
}  // namespace parley::bus
