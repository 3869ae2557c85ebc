#include "realtime/cluster_adapter.hpp"

#include "util/shards.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace parley::realtime {
namespace {

// Keeps what the adapter publishes; hands messages in as another instance would.
struct Published {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<std::string, std::string>> messages;  // guarded by mutex
  bus::PubSub::Handlers handlers;

  // The messages published so far, once there are at least `count`.
  std::vector<std::pair<std::string, std::string>> wait_for(std::size_t count) {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(10), [&] { return messages.size() >= count; });
    return messages;
  }
};

class FakePubSub final : public bus::PubSub {
 public:
  explicit FakePubSub(Published& out) : out_(out) {}
  bool publish(std::string_view channel, std::string_view payload) override {
    return publish({{channel, payload}}) == 1;
  }
  std::size_t publish(const std::vector<std::pair<std::string_view, std::string_view>>& messages) override {
    {
      std::lock_guard lock(out_.mutex);
      for (const auto& [c, p] : messages) out_.messages.emplace_back(c, p);
    }
    out_.changed.notify_all();
    return messages.size();
  }
  void subscribe(std::string_view) override {}
  void unsubscribe(std::string_view) override {}
  bool subscribed(std::string_view) const override { return false; }

 private:
  Published& out_;
};

struct Instance {
  util::ShardPool shards{1};
  SocketIoServer io{shards, {}};
  Published published;
  ClusterAdapter adapter;

  explicit Instance(std::chrono::milliseconds window)
      : adapter(
            [this](bus::PubSub::Handlers h) {
              published.handlers = std::move(h);
              return std::make_unique<FakePubSub>(published);
            },
            io, "p:", window) {
    adapter.attach(io.of("/"));
  }
};

EncodedBroadcast to_room(std::string room) { return {"/", {std::move(room)}, {}, {eio::Frame::text("42[\"m\"]")}}; }

std::vector<std::string> rooms_of(const std::string& payload) { return decode_from_cluster(payload)->broadcast.rooms; }

TEST(ClusterAdapter, ARoomChangeGoesToEveryInstanceAndADisconnectToTheInRoomOnly) {
  Instance a(std::chrono::seconds(10));
  a.adapter.publish(RoomChange{.nsp = "/", .in_room = "inbox:u", .room = "chat:g", .join = true});
  a.adapter.publish(RoomChange{.nsp = "/", .in_room = "user:u", .room = {}, .join = false, .disconnect = true});
  const auto got = a.published.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first, "p:all:/");
  EXPECT_EQ(got[1].first, "p:room:/#user:u");
}

TEST(ClusterAdapter, AfterAJoinTheRoomsBroadcastsAlsoReachTheJoinersRoomUntilTheyLeave) {
  Instance a(std::chrono::seconds(10));
  a.adapter.publish(RoomChange{.nsp = "/", .in_room = "inbox:u", .room = "chat:g", .join = true});
  a.adapter.publish(to_room("chat:g"));
  a.adapter.publish(to_room("chat:other"));
  // A leave under another room's name (the person's every socket) ends it as well.
  a.adapter.publish(RoomChange{.nsp = "/", .in_room = "user:u", .room = "chat:g", .join = false});
  a.adapter.publish(to_room("chat:g"));
  const auto got = a.published.wait_for(6);
  ASSERT_EQ(got.size(), 6u);
  // The broadcast after the join: on the room's channel and the joiner's, naming both rooms.
  EXPECT_EQ(got[1].first, "p:room:/#chat:g");
  EXPECT_EQ(got[2].first, "p:room:/#inbox:u");
  EXPECT_EQ(got[1].second, got[2].second);
  EXPECT_EQ(rooms_of(got[1].second), (std::vector<std::string>{"chat:g", "inbox:u"}));
  // Another room's broadcast is as it was; after the leave, so is the room's.
  EXPECT_EQ(got[3].first, "p:room:/#chat:other");
  EXPECT_EQ(rooms_of(got[3].second), std::vector<std::string>{"chat:other"});
  EXPECT_EQ(got[5].first, "p:room:/#chat:g");
  EXPECT_EQ(rooms_of(got[5].second), std::vector<std::string>{"chat:g"});
}

TEST(ClusterAdapter, AJoinHeardFromAnotherInstanceWidensThisInstancesBroadcasts) {
  Instance a(std::chrono::seconds(10));
  a.published.handlers.message(
      "p:all:/", encode_for_cluster(RoomChange{.nsp = "/", .in_room = "inbox:v", .room = "chat:g", .join = true},
                                    "other-instance", 1));
  a.adapter.publish(to_room("chat:g"));
  const auto got = a.published.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].first, "p:room:/#inbox:v");
  EXPECT_EQ(rooms_of(got[0].second), (std::vector<std::string>{"chat:g", "inbox:v"}));
}

TEST(ClusterAdapter, AJoinOlderThanTheWindowNoLongerWidensBroadcasts) {
  Instance a(std::chrono::milliseconds(0));
  a.adapter.publish(RoomChange{.nsp = "/", .in_room = "inbox:u", .room = "chat:g", .join = true});
  const auto joined = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() == joined) {
  }
  a.adapter.publish(to_room("chat:g"));
  const auto got = a.published.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(rooms_of(got[1].second), std::vector<std::string>{"chat:g"});
}

}  // namespace
}  // namespace parley::realtime
