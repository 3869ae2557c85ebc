// Tests of the Redis bus against a real server: presence across two instances (two
// RedisClients standing for two processes), an instance that dies, away and last_seen, a rate
// limit shared by instances, pub/sub between instances and across a server restart, and calls
// while the server is down.
//
// The server comes from the environment scripts/services.sh sets: PARLEY_TEST_REDIS_URL and
// PARLEY_TEST_REDIS_CTL (stops and starts it). Without them every test fails, saying so. Each
// test uses keys under a prefix of its own; since some stop the shared server, CTest runs them
// one at a time (RESOURCE_LOCK redis).
#include "bus/redis/redis_presence.hpp"
#include "bus/redis/redis_pubsub.hpp"

#include "util/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace parley::bus {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run the Redis tests under scripts/services.sh, "
                             "e.g. scripts/services.sh ctest --test-dir build -L cluster");
  }
  return value;
}

RedisOptions test_options() {
  RedisOptions options;
  options.url = required_env("PARLEY_TEST_REDIS_URL");
  options.retry_after = 100ms;
  return options;
}

// Runs `$PARLEY_TEST_REDIS_CTL verb`, which returns once the server is stopped or answers.
void redis_ctl(const std::string& verb) {
  const std::string command = required_env("PARLEY_TEST_REDIS_CTL") + " " + verb;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// Polls `condition` until it holds or `timeout` passes; returns whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

std::string unique_prefix() { return "test:" + util::random_id(9) + ":"; }

RedisPresence::Options fast_presence(const std::string& prefix) {
  RedisPresence::Options options;
  options.prefix = prefix;
  options.instance_timeout = 600ms;
  options.heartbeat_interval = 100ms;
  return options;
}

// What a RedisPubSub delivered, in order.
class Inbox {
 public:
  RedisPubSub::MessageHandler handler() {
    return [this](std::string_view channel, std::string_view payload) {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(channel, payload);
      changed_.notify_all();
    };
  }
  // Waits until `count` messages arrived; returns them all.
  std::vector<std::pair<std::string, std::string>> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 10s, [&] { return messages_.size() >= count; });
    return messages_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<std::string, std::string>> messages_;  // guarded by mutex_
};

using Messages = std::vector<std::pair<std::string, std::string>>;

TEST(RedisUrl, ParsesHostPortAndDatabase) {
  auto a = parse_redis_url("redis://example.org");
  EXPECT_EQ(a.host, "example.org");
  EXPECT_EQ(a.port, 6379);
  EXPECT_EQ(a.db, 0);
  auto b = parse_redis_url("redis://127.0.0.1:7000/3");
  EXPECT_EQ(b.host, "127.0.0.1");
  EXPECT_EQ(b.port, 7000);
  EXPECT_EQ(b.db, 3);
  EXPECT_EQ(parse_redis_url("redis://[::1]:7001").host, "::1");
  EXPECT_THROW(parse_redis_url("http://x"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://x:port"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://x:1/db"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://"), std::invalid_argument);
}

TEST(RedisClient, ScriptNamesMatchTheServers) {
  RedisClient client(test_options());
  RedisScript script("return ARGV[1]");
  RedisReply loaded = client.command({"SCRIPT", "LOAD", script.source()});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(std::string(loaded->str, loaded->len), script.sha1());
  ASSERT_TRUE(client.command({"SCRIPT", "FLUSH"}));
  RedisReply reply = client.eval(script, {}, {"again"});  // NOSCRIPT, then EVAL
  ASSERT_TRUE(reply);
  EXPECT_EQ(std::string(reply->str, reply->len), "again");
}

// Two processes' presence on one Redis (a client each), under a key prefix of their own.
// Two instances on one Redis. Tests name them through a structured binding; lambdas reach them
// through the struct (clang before 16 cannot capture a structured binding).
struct TwoInstances {
  std::string prefix = unique_prefix();
  RedisClient client_a{test_options()};
  RedisClient client_b{test_options()};
  RedisPresence a{client_a, 60'000, fast_presence(prefix)};
  RedisPresence b{client_b, 60'000, fast_presence(prefix)};
};

TEST(RedisPresence, CountsDevicesAcrossInstances) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;

  EXPECT_TRUE(a.connect("u1", 1000));   // first device anywhere: came online
  EXPECT_FALSE(b.connect("u1", 1001));  // second device, on the other instance
  EXPECT_EQ(b.state("u1", 1002), PresenceState::kOnline);
  EXPECT_EQ(a.online_users(), std::vector<std::string>{"u1"});
  EXPECT_FALSE(a.disconnect("u1", 1003));  // the device on b remains
  EXPECT_FALSE(a.disconnect("u1", 1003));  // a has no device of u1 left to remove
  EXPECT_EQ(a.state("u1", 1004), PresenceState::kOnline);
  EXPECT_FALSE(a.last_seen("u1"));
  EXPECT_TRUE(b.disconnect("u1", 1005));  // last device: went offline
  EXPECT_EQ(a.state("u1", 1006), PresenceState::kOffline);
  EXPECT_EQ(a.last_seen("u1"), 1005);
  EXPECT_TRUE(b.online_users().empty());
  EXPECT_FALSE(b.disconnect("u1", 1007));  // unknown user is not "went offline" again
}

TEST(RedisPresence, StatesAnswerAsStateAndLastSeenForManyUsersInOrder) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;
  // More users than one script takes, so that the answer comes in chunks.
  std::vector<std::string> users;
  for (int i = 0; i < 1234; ++i) users.push_back("user-" + std::to_string(i));
  EXPECT_TRUE(a.connect("user-1", 1000));
  EXPECT_TRUE(b.connect("user-600", 1000));
  EXPECT_TRUE(b.connect("user-1200", 1000));
  EXPECT_TRUE(b.disconnect("user-1200", 1100));
  EXPECT_TRUE(a.connect("user-7", 0));  // idle since 0: away at 60 000
  a.touch("user-1", 59'000);

  auto states = b.states(users, 60'000);
  ASSERT_EQ(states.size(), users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    EXPECT_EQ(states[i].state, a.state(users[i], 60'000)) << users[i];
    EXPECT_EQ(states[i].last_seen, a.last_seen(users[i])) << users[i];
  }
  EXPECT_EQ(states[1].state, PresenceState::kOnline);
  EXPECT_EQ(states[600].state, PresenceState::kOnline);
  EXPECT_EQ(states[7].state, PresenceState::kAway);
  EXPECT_EQ(states[1200].state, PresenceState::kOffline);
  EXPECT_EQ(states[1200].last_seen, 1100);
  EXPECT_EQ(states[0].state, PresenceState::kOffline);
  EXPECT_EQ(states[0].last_seen, std::nullopt);
  EXPECT_TRUE(a.states({}, 0).empty());

  // One user twice, and the users of an instance that died go offline as with state().
  const auto again = a.states({"user-600", "user-600"}, 60'000);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1].state, PresenceState::kOnline);
  RedisClient client_dead(test_options());
  auto dead = std::make_unique<RedisPresence>(client_dead, 60'000, fast_presence(prefix));
  EXPECT_TRUE(dead->connect("user-3", 1000));
  EXPECT_EQ(a.states({"user-3"}, 1001)[0].state, PresenceState::kOnline);
  dead.reset();
  ASSERT_TRUE(eventually([&] { return two.a.states({"user-3"}, 2000)[0].state == PresenceState::kOffline; }));
  const auto gone = a.states({"user-3"}, 2001)[0];
  ASSERT_TRUE(gone.last_seen);
  EXPECT_GE(*gone.last_seen, 2000);
  EXPECT_EQ(a.online_users().size(), 3u) << "user-1, user-7 and user-600";
}

TEST(RedisPresence, FirstAndLastDeviceAreReportedExactlyOnceUnderConcurrency) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;

  constexpr int kThreads = 8;  // half on each instance
  constexpr int kRounds = 25;
  std::atomic<int> came_online[kRounds] = {};
  std::atomic<int> went_offline[kRounds] = {};
  std::barrier sync(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      RedisPresence& p = t % 2 == 0 ? two.a : two.b;
      for (int round = 0; round < kRounds; ++round) {
        if (p.connect("u", round)) ++came_online[round];
        sync.arrive_and_wait();
        if (p.disconnect("u", round)) ++went_offline[round];
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int round = 0; round < kRounds; ++round) {
    EXPECT_EQ(came_online[round].load(), 1) << "round " << round;
    EXPECT_EQ(went_offline[round].load(), 1) << "round " << round;
  }
  EXPECT_EQ(a.state("u", kRounds), PresenceState::kOffline);
}

TEST(RedisPresence, UsersOfAnInstanceThatStoppedGoOfflineAfterTheTimeout) {
  const auto prefix = unique_prefix();
  RedisClient client_a(test_options());
  RedisClient client_dead(test_options());
  RedisPresence a(client_a, 60'000, fast_presence(prefix));
  auto dead = std::make_unique<RedisPresence>(client_dead, 60'000, fast_presence(prefix));

  EXPECT_TRUE(dead->connect("only-there", 1000));
  EXPECT_TRUE(dead->connect("both", 1000));
  EXPECT_FALSE(a.connect("both", 1001));
  dead.reset();  // stops heartbeating without disconnecting anyone, like kill -9
  const auto stopped = Clock::now();
  EXPECT_EQ(a.state("only-there", 1002), PresenceState::kOnline);  // until the timeout

  ASSERT_TRUE(eventually([&] { return a.state("only-there", 2000) == PresenceState::kOffline; }));
  EXPECT_GE(Clock::now() - stopped, 400ms);  // not before the liveness key could expire
  EXPECT_EQ(a.online_users(), std::vector<std::string>{"both"});
  // When the loss was noticed: by this state() call (2000) or by a heartbeat (the wall clock).
  ASSERT_TRUE(a.last_seen("only-there"));
  EXPECT_GE(*a.last_seen("only-there"), 2000);
  EXPECT_EQ(a.state("both", 2001), PresenceState::kOnline);
  EXPECT_TRUE(a.disconnect("both", 2002));  // the dead instance's device no longer counts

  // The sweep also runs on the heartbeat, without anyone asking.
  auto dying = std::make_unique<RedisPresence>(client_dead, 60'000, fast_presence(prefix));
  EXPECT_TRUE(dying->connect("u2", 3000));
  dying.reset();
  RedisReply member;
  const std::string online_key = prefix + "online";
  EXPECT_TRUE(eventually([&] {
    member = client_a.command({"SISMEMBER", online_key, "u2"});
    return member && member->type == REDIS_REPLY_INTEGER && member->integer == 0;
  }));
}

// What a presence watcher heard, in order: "+user" online, "-user" offline.
class Transitions {
 public:
  Presence::Watcher watcher() {
    return [this](std::string_view user, bool online, std::int64_t) {
      std::lock_guard lock(mutex_);
      heard_.push_back((online ? "+" : "-") + std::string(user));
    };
  }
  std::vector<std::string> heard() {
    std::lock_guard lock(mutex_);
    return heard_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> heard_;  // guarded by mutex_
};

TEST(RedisPresence, EveryInstanceHearsEveryTransitionInTheSameOrder) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;
  Transitions heard_a;
  Transitions heard_b;
  a.watch(heard_a.watcher());
  b.watch(heard_b.watcher());
  ASSERT_TRUE(eventually([&] { return two.a.announcing() && two.b.announcing(); }));

  // Devices of two users come and go on both instances at once.
  constexpr int kThreads = 8;
  constexpr int kRounds = 30;
  std::atomic<int> transitions{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      RedisPresence& p = t % 2 == 0 ? two.a : two.b;
      const std::string user = t % 4 < 2 ? "u1" : "u2";
      for (int round = 0; round < kRounds; ++round) {
        if (p.connect(user, round)) ++transitions;
        if (p.disconnect(user, round)) ++transitions;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto expected = static_cast<std::size_t>(transitions.load());
  ASSERT_TRUE(eventually([&] { return heard_a.heard().size() >= expected && heard_b.heard().size() >= expected; }));
  const auto seq = heard_a.heard();
  EXPECT_EQ(seq.size(), expected);
  EXPECT_EQ(heard_b.heard(), seq);  // one order for every instance
  // Per user, online and offline alternate, starting online and ending offline.
  for (const std::string user : {"u1", "u2"}) {
    bool online = false;
    for (const auto& t : seq) {
      if (t.substr(1) != user) continue;
      EXPECT_EQ(t[0] == '+', !online) << user;
      online = t[0] == '+';
    }
    EXPECT_FALSE(online) << user;
  }

  // The users of an instance that dies are announced offline by the sweep.
  RedisClient client_dead(test_options());
  auto dead = std::make_unique<RedisPresence>(client_dead, 60'000, fast_presence(prefix));
  EXPECT_TRUE(dead->connect("u3", 1000));
  ASSERT_TRUE(eventually([&] { return heard_a.heard().back() == "+u3"; }));
  dead.reset();
  ASSERT_TRUE(eventually([&] { return heard_a.heard().back() == "-u3" && heard_b.heard().back() == "-u3"; }));
}

TEST(RedisPresence, AnInstanceWritesItsDevicesBackAfterARedisRestart) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;
  Transitions heard_b;
  b.watch(heard_b.watcher());
  EXPECT_TRUE(a.connect("u1", 1000));
  EXPECT_TRUE(a.connect("u2", 1000));
  EXPECT_FALSE(a.connect("u2", 1001));  // two devices
  EXPECT_TRUE(b.connect("u3", 1000));

  redis_ctl("restart");  // Redis keeps presence in memory only
  ASSERT_TRUE(eventually([&] { return two.a.online_users().size() == 3; }))
      << "both instances registered their devices again";
  EXPECT_EQ(b.state("u2", 2000), PresenceState::kOnline);
  ASSERT_TRUE(eventually([&] { return two.b.announcing(); }));
  EXPECT_FALSE(a.disconnect("u2", 2001));  // the count came back as two devices
  EXPECT_TRUE(a.disconnect("u2", 2002));
  EXPECT_TRUE(a.disconnect("u1", 2003));
  EXPECT_EQ(b.state("u1", 2004), PresenceState::kOffline);
  ASSERT_TRUE(eventually([&] {
    auto h = heard_b.heard();
    return std::find(h.begin(), h.end(), "-u1") != h.end();
  }));
}

TEST(RedisPresence, ReceiversAreSharedByInstancesAndDropWithADeadInstance) {
  const auto prefix = unique_prefix();
  RedisClient client_a(test_options());
  RedisClient client_dead(test_options());
  RedisPresence a(client_a, 60'000, fast_presence(prefix));
  auto dead = std::make_unique<RedisPresence>(client_dead, 60'000, fast_presence(prefix));
  const std::vector<std::string> users{"u1", "u2", "u3"};

  EXPECT_TRUE(a.receiving(users, "c1").empty());
  a.receive("u1", "c1");
  dead->receive("u1", "c1");  // the same chat on a device of the other instance
  dead->receive("u2", Presence::kAllChats);
  EXPECT_EQ(a.receiving(users, "c1"), (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(dead->receiving(users, "c2"), (std::vector<std::string>{"u2"}));  // only the inbox
  a.stop_receiving("u1", "c1");
  a.stop_receiving("u1", "c1");  // more stops than receives change nothing
  EXPECT_EQ(a.receiving(users, "c1"), (std::vector<std::string>{"u1", "u2"}));  // the other device
  dead->stop_receiving("u1", "c1");
  EXPECT_EQ(a.receiving(users, "c1"), (std::vector<std::string>{"u2"}));

  dead.reset();  // stops heartbeating without stopping its receivers, like kill -9
  ASSERT_TRUE(eventually([&] { return a.receiving(users, "c1").empty(); }));
}

TEST(RedisPresence, ADeviceScopeIsHeldOnlyByTheDevicesThatAddedIt) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;
  const std::vector<std::string> users{"u1", "u2"};
  const std::string reading = std::string(Presence::kReadingPrefix) + "c1";
  a.receive("u1", Presence::kAllChats);
  b.receive("u2", reading);
  EXPECT_EQ(a.receiving(users, reading), (std::vector<std::string>{"u2"})) << "the inbox does not read every chat";
  EXPECT_EQ(a.receiving(users, "c1"), (std::vector<std::string>{"u1"})) << "reading is not receiving";
  b.stop_receiving("u2", reading);
  EXPECT_TRUE(a.receiving(users, reading).empty());
}

TEST(RedisPresence, AnInstanceWritesItsReceiversBackAfterARedisRestart) {
  TwoInstances two;
  auto& [prefix, client_a, client_b, a, b] = two;
  a.receive("u1", "c1");
  a.receive("u1", "c1");  // two devices
  b.receive("u2", Presence::kAllChats);
  const std::vector<std::string> users{"u1", "u2"};
  redis_ctl("restart");  // Redis keeps receivers in memory only
  ASSERT_TRUE(eventually([&] { return two.b.receiving(users, "c1").size() == 2; }))
      << "both instances registered their receivers again";
  a.stop_receiving("u1", "c1");
  EXPECT_EQ(b.receiving(users, "c1"), users);  // the count came back as two devices
  a.stop_receiving("u1", "c1");
  EXPECT_EQ(b.receiving(users, "c1"), std::vector<std::string>{"u2"});
}

TEST(RedisPresence, AwayAfterIdleTimeAndBackOnActivity) {
  const auto prefix = unique_prefix();
  RedisClient client(test_options());
  RedisPresence p(client, 1000, fast_presence(prefix));
  p.touch("u1", 0);  // not online: no effect
  EXPECT_EQ(p.state("u1", 0), PresenceState::kOffline);
  EXPECT_TRUE(p.connect("u1", 0));
  EXPECT_EQ(p.state("u1", 999), PresenceState::kOnline);
  EXPECT_EQ(p.state("u1", 1000), PresenceState::kAway);
  p.touch("u1", 1500);
  EXPECT_EQ(p.state("u1", 1600), PresenceState::kOnline);
  p.touch("u1", 1200);  // late activity does not move the time back
  EXPECT_EQ(p.state("u1", 2400), PresenceState::kOnline);
  EXPECT_EQ(p.online_users(), std::vector<std::string>{"u1"});
}

TEST(RedisRateLimiter, InstancesShareOneBucket) {
  const auto prefix = unique_prefix();
  RedisClient client_a(test_options());
  RedisClient client_b(test_options());
  RedisRateLimiter a(client_a, prefix);
  RedisRateLimiter b(client_b, prefix);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE((i % 2 == 0 ? a : b).allow("k", 1.0, 5, 0)) << i;
  EXPECT_FALSE(a.allow("k", 1.0, 5, 0));
  EXPECT_FALSE(b.allow("k", 1.0, 5, 500));
  EXPECT_TRUE(b.allow("k", 1.0, 5, 1000));  // one token back after a second
  EXPECT_FALSE(a.allow("k", 1.0, 5, 1000));
  EXPECT_TRUE(a.allow("other", 1.0, 5, 1000));  // keys are independent
  EXPECT_TRUE(a.allow("fast", 2.5, 1.5, 0));    // fractional rates and bursts
  EXPECT_FALSE(a.allow("fast", 2.5, 1.5, 100));
  EXPECT_TRUE(a.allow("fast", 2.5, 1.5, 400));
  EXPECT_EQ(a.take("many", 2.0, 5, 0, 3), 3u);  // several at once, up to what the bucket holds
  EXPECT_EQ(b.take("many", 2.0, 5, 0, 3), 2u);
  EXPECT_EQ(a.take("many", 2.0, 5, 750, 3), 1u);
  // All or nothing: the answer is what the bucket held, taken only when enough.
  EXPECT_EQ(a.take_all("all", 2.0, 5, 0, 3), 5u);
  EXPECT_EQ(b.take_all("all", 2.0, 5, 0, 3), 2u);  // two of three: none taken
  EXPECT_EQ(b.take_all("all", 2.0, 5, 0, 2), 2u);
  EXPECT_EQ(a.take_all("all", 2.0, 5, 750, 2), 1u);  // 1.5 back: one whole
  EXPECT_EQ(a.take("all", 2.0, 5, 750, 1), 1u) << "the refused call took nothing";
  EXPECT_EQ(a.take_all("big", 2.0, 5, 0, 6), 5u) << "more than the bucket holds: never taken";
  EXPECT_EQ(b.take_all("big", 2.0, 5, 0, 5), 5u);

  // An emptied bucket lives until it would be full again (4 s at 1/s here), and a little more.
  RedisReply ttl = client_a.command({"PTTL", prefix + "rate:k"});
  ASSERT_TRUE(ttl);
  EXPECT_GT(ttl->integer, 3000);
  EXPECT_LE(ttl->integer, 6000);
}

TEST(RedisPubSub, DeliversEachMessageOnceAndStopsAfterUnsubscribe) {
  const auto prefix = unique_prefix();
  RedisClient client_a(test_options());
  RedisClient client_b(test_options());
  Inbox inbox_a;
  Inbox inbox_b;
  RedisPubSub a(client_a, inbox_a.handler());
  RedisPubSub b(client_b, inbox_b.handler());
  const std::string room = prefix + std::string("room\0\xff!", 7);  // binary-safe names
  const std::string other = prefix + "other";
  b.subscribe(room);
  b.subscribe(other);
  b.subscribe(room);  // already subscribed: no change
  ASSERT_TRUE(eventually([&] { return b.subscribed(room) && b.subscribed(other); }));
  EXPECT_FALSE(a.subscribed(room));

  const std::string binary("\0\x01\xfe\xff payload\r\n", 13);
  EXPECT_TRUE(a.publish(room, binary));
  EXPECT_TRUE(a.publish(room, "second"));
  EXPECT_EQ(inbox_b.wait_for(2), (Messages{{room, binary}, {room, "second"}}));

  b.unsubscribe(room);
  ASSERT_TRUE(eventually([&] { return !b.subscribed(room); }));
  EXPECT_TRUE(a.publish(room, "not delivered"));
  EXPECT_TRUE(a.publish(other, "delivered"));  // arrives after anything published before it
  EXPECT_EQ(inbox_b.wait_for(3), (Messages{{room, binary}, {room, "second"}, {other, "delivered"}}));
  EXPECT_TRUE(inbox_a.wait_for(0).empty());
}

TEST(RedisPubSub, SubscribesAgainAfterTheServerRestarts) {
  const auto prefix = unique_prefix();
  RedisClient client_a(test_options());
  RedisClient client_b(test_options());
  Inbox inbox;
  RedisPubSub a(client_a, [](std::string_view, std::string_view) {});
  RedisPubSub b(client_b, inbox.handler());
  const std::string room = prefix + "room";
  b.subscribe(room);
  ASSERT_TRUE(eventually([&] { return b.subscribed(room); }));
  ASSERT_TRUE(a.publish(room, "before"));
  ASSERT_EQ(inbox.wait_for(1).size(), 1u);

  redis_ctl("restart");
  ASSERT_TRUE(eventually([&] { return b.connections() >= 2 && b.subscribed(room); }));
  EXPECT_TRUE(a.publish(room, "after"));  // the publisher's old connection is replaced unseen
  EXPECT_EQ(inbox.wait_for(2), (Messages{{room, "before"}, {room, "after"}}));
}

TEST(RedisBus, CallsWhileTheServerIsDownReturnAtOnce) {
  const auto prefix = unique_prefix();
  RedisClient client(test_options());
  Inbox inbox;
  RedisPresence presence(client, 60'000, fast_presence(prefix));
  RedisRateLimiter limiter(client, prefix);
  RedisPubSub pubsub(client, inbox.handler());
  const std::string room = prefix + "room";
  ASSERT_TRUE(presence.connect("u1", 0));

  redis_ctl("stop");
  // Started again even when an expectation below fails, for the tests that follow.
  struct Restart {
    bool done = false;
    ~Restart() {
      if (!done) redis_ctl("start");
    }
  } restart;
  const auto start = Clock::now();
  EXPECT_FALSE(presence.connect("u2", 1));
  EXPECT_FALSE(presence.disconnect("u1", 1));
  EXPECT_EQ(presence.state("u1", 1), PresenceState::kOffline);
  EXPECT_TRUE(presence.online_users().empty());
  EXPECT_FALSE(presence.last_seen("u1"));
  presence.touch("u1", 1);
  const auto states = presence.states({"u1", "u2"}, 1);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].state, PresenceState::kOffline);
  EXPECT_FALSE(states[0].last_seen);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.allow("k", 1.0, 1, 0));  // allows while down
  EXPECT_EQ(limiter.take_all("k", 1.0, 1, 0, 5), 5u);
  EXPECT_FALSE(pubsub.publish(room, "lost"));
  pubsub.subscribe(room);  // made once the server is back
  EXPECT_LT(Clock::now() - start, 1s);

  restart.done = true;
  redis_ctl("start");
  ASSERT_TRUE(eventually([&] { return pubsub.subscribed(room); }));
  ASSERT_TRUE(eventually([&] { return pubsub.publish(room, "back"); }));
  EXPECT_EQ(inbox.wait_for(1), (Messages{{room, "back"}}));
  // The server restarted empty. The instance wrote back the devices it counts itself: u2,
  // which connected while Redis was down, and not u1, which disconnected meanwhile.
  ASSERT_TRUE(eventually([&] { return presence.state("u2", 2) == PresenceState::kOnline; }));
  EXPECT_EQ(presence.state("u1", 2), PresenceState::kOffline);
  EXPECT_TRUE(presence.connect("u3", 2));
  EXPECT_EQ(presence.state("u3", 3), PresenceState::kOnline);
}

}  // namespace
}  // namespace parley::bus
