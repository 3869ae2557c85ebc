#include "bus/local/local_bus.hpp"

#include <gtest/gtest.h>

namespace parley::bus {
namespace {

TEST(LocalPresence, OnlineWhileAnyDeviceIsConnected) {
  LocalPresence p(60'000);
  EXPECT_TRUE(p.connect("u1", 1000));   // first device: came online
  EXPECT_FALSE(p.connect("u1", 1001));  // second device
  EXPECT_EQ(p.state("u1", 1002), PresenceState::kOnline);
  EXPECT_FALSE(p.disconnect("u1", 1003));  // one device left
  EXPECT_EQ(p.state("u1", 1004), PresenceState::kOnline);
  EXPECT_FALSE(p.last_seen("u1"));
  EXPECT_TRUE(p.disconnect("u1", 1005));  // last device: went offline
  EXPECT_EQ(p.state("u1", 1006), PresenceState::kOffline);
  EXPECT_EQ(p.last_seen("u1"), 1005);
  EXPECT_FALSE(p.disconnect("u1", 1007));  // unknown user is not "went offline" again
}

TEST(LocalPresence, AwayAfterIdleTimeAndBackOnActivity) {
  LocalPresence p(1000);
  p.connect("u1", 0);
  EXPECT_EQ(p.state("u1", 999), PresenceState::kOnline);
  EXPECT_EQ(p.state("u1", 1000), PresenceState::kAway);
  p.touch("u1", 1500);
  EXPECT_EQ(p.state("u1", 1600), PresenceState::kOnline);
  ASSERT_EQ(p.online_users().size(), 1u);
}

TEST(LocalPresence, StatesAnswerAsStateAndLastSeenForManyUsersInOrder) {
  LocalPresence p(1000);
  p.connect("online", 0);
  p.connect("idle", 0);
  p.touch("online", 900);
  p.connect("left", 0);
  p.disconnect("left", 500);
  const std::vector<std::string> users{"left", "online", "never", "idle", "online"};
  const auto states = p.states(users, 1200);
  ASSERT_EQ(states.size(), users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    EXPECT_EQ(states[i].state, p.state(users[i], 1200)) << users[i];
    EXPECT_EQ(states[i].last_seen, p.last_seen(users[i])) << users[i];
  }
  EXPECT_EQ(states[0].state, PresenceState::kOffline);
  EXPECT_EQ(states[0].last_seen, 500);
  EXPECT_EQ(states[1].state, PresenceState::kOnline);
  EXPECT_EQ(states[2].state, PresenceState::kOffline);
  EXPECT_EQ(states[2].last_seen, std::nullopt);
  EXPECT_EQ(states[3].state, PresenceState::kAway);
  EXPECT_TRUE(p.states({}, 0).empty());
}

TEST(LocalPresence, ReceiversAreCountedPerUserAndScope) {
  LocalPresence p(60'000);
  const std::vector<std::string> users{"u1", "u2", "u3"};
  EXPECT_TRUE(p.receiving(users, "c1").empty());
  p.receive("u1", "c1");
  p.receive("u1", "c1");  // a second device in the same chat
  p.receive("u2", Presence::kAllChats);
  EXPECT_EQ(p.receiving(users, "c1"), (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(p.receiving(users, "c2"), (std::vector<std::string>{"u2"}));  // only the inbox
  p.stop_receiving("u1", "c1");
  EXPECT_EQ(p.receiving(users, "c1"), (std::vector<std::string>{"u1", "u2"}));  // one device left
  p.stop_receiving("u1", "c1");
  p.stop_receiving("u1", "c1");  // more stops than receives change nothing
  p.stop_receiving("u2", Presence::kAllChats);
  EXPECT_TRUE(p.receiving(users, "c1").empty());
  p.receive("u1", "c1");
  EXPECT_EQ(p.receiving(users, "c1"), (std::vector<std::string>{"u1"}));
}

TEST(LocalPresence, ADeviceScopeIsHeldOnlyByTheDevicesThatAddedIt) {
  LocalPresence p(60'000);
  const std::vector<std::string> users{"u1", "u2"};
  const std::string reading = std::string(Presence::kReadingPrefix) + "c1";
  p.receive("u1", Presence::kAllChats);
  p.receive("u2", reading);
  EXPECT_EQ(p.receiving(users, reading), (std::vector<std::string>{"u2"})) << "the inbox does not read every chat";
  EXPECT_EQ(p.receiving(users, "c1"), (std::vector<std::string>{"u1"})) << "reading is not receiving";
  p.stop_receiving("u2", reading);
  EXPECT_TRUE(p.receiving(users, reading).empty());
}

TEST(LocalRateLimiter, AllowsBurstThenRefills) {
  LocalRateLimiter r;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(r.allow("k", 1.0, 5, 0)) << i;
  EXPECT_FALSE(r.allow("k", 1.0, 5, 0));
  EXPECT_FALSE(r.allow("k", 1.0, 5, 500));
  EXPECT_TRUE(r.allow("k", 1.0, 5, 1000));      // one token back after a second
  EXPECT_TRUE(r.allow("other", 1.0, 5, 1000));  // keys are independent
}

TEST(LocalRateLimiter, TakesSeveralTokensAtOnceUpToWhatTheBucketHolds) {
  LocalRateLimiter r;
  EXPECT_EQ(r.take("k", 2.0, 5, 0, 3), 3u);
  EXPECT_EQ(r.take("k", 2.0, 5, 0, 3), 2u);  // two left
  EXPECT_EQ(r.take("k", 2.0, 5, 0, 3), 0u);
  EXPECT_EQ(r.take("k", 2.0, 5, 750, 3), 1u);   // 1.5 tokens back: one whole
  EXPECT_EQ(r.take("k", 2.0, 5, 1000, 3), 1u);  // the half, and half a second more
}

TEST(LocalRateLimiter, TakesAllOrNothingAndSaysWhatTheBucketHeld) {
  LocalRateLimiter r;
  EXPECT_EQ(r.take_all("k", 2.0, 5, 0, 3), 5u);  // held 5: took 3
  EXPECT_EQ(r.take_all("k", 2.0, 5, 0, 3), 2u);  // held 2 of 3: took none
  EXPECT_EQ(r.take_all("k", 2.0, 5, 0, 2), 2u);  // took both
  EXPECT_EQ(r.take_all("k", 2.0, 5, 0, 1), 0u);
  EXPECT_EQ(r.take_all("k", 2.0, 5, 750, 2), 1u);  // 1.5 tokens back: one whole, not two
  EXPECT_EQ(r.take("k", 2.0, 5, 750, 1), 1u) << "the refused call took nothing";
  EXPECT_EQ(r.take_all("k", 2.0, 5, 750, 6), 0u);
  EXPECT_EQ(r.take_all("full", 2.0, 5, 0, 6), 5u) << "more than the bucket holds: never taken";
  EXPECT_EQ(r.take_all("full", 2.0, 5, 0, 5), 5u) << "the bucket is still full";
  EXPECT_EQ(r.take_all("full", 2.0, 5, 0, 1), 0u);
}

}  // namespace
}  // namespace parley::bus
