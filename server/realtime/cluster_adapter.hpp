// The cluster adapter over the bus's pub/sub (bus/pubsub.hpp; Redis in the cluster shape):
// each room of each namespace is one channel, plus one channel per namespace for broadcasts to every socket. An
// instance subscribes only to the rooms it has local members for, so it receives no traffic it would throw away.
// Broadcasts are published from a thread of the adapter's own, so a shard never waits for the backend; what arrives is
// handed to Namespace::deliver. A broadcast to several rooms travels once per room and is delivered once (deduplicated
// by origin and sequence number).
//
// Notices travel on `<prefix>notice:<topic>`, which every instance subscribes to, through the
// same publisher thread and connection as broadcasts, so they keep their order with them.
//
// Room changes (sockets_join, sockets_leave) travel on the every-socket channel, so every instance
// hears of each. An instance that gains its first member of a room by a join subscribes to the room's
// channel only then, and a broadcast published meanwhile would pass it by: so for a while after a
// join of `room` by the sockets of `in_room` (join_window), every instance publishes what it
// broadcasts to `room` to `in_room` as well (whose channel the joining instance already hears), and
// the receiver delivers it once. A leave of the room ends that for all of its recent joins (the
// sockets that left may be in any of their rooms): privacy first, the resync covers the rest.
//
// Delivery is at most once, like pub/sub: while the backend is down, broadcasts are dropped
// (counted) and clients catch up with after_seq when they reconnect.
//
// Threading: attach() before serving; everything else from any thread.
#pragma once

#include "bus/pubsub.hpp"
#include "realtime/adapter.hpp"
#include "realtime/socketio_server.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace parley::realtime {

class ClusterAdapter final : public Adapter {
 public:
  // Channels come from `make_pubsub`; their names start with `prefix`.
  ClusterAdapter(const bus::PubSub::Factory& make_pubsub, SocketIoServer& io,
                 std::string prefix = "parley:", std::chrono::milliseconds join_window = std::chrono::seconds(10));
  ~ClusterAdapter() override;
  ClusterAdapter(const ClusterAdapter&) = delete;
  ClusterAdapter& operator=(const ClusterAdapter&) = delete;

  // Makes `nsp` use this adapter and subscribes to its every-socket channel.
  void attach(Namespace& nsp);

  void publish(const EncodedBroadcast& broadcast) override;
  void publish(const RoomChange& change) override;
  void room_used(const std::string& nsp, const std::string& room, bool used) override;
  void notify(const std::string& topic, std::string payload) override;
  void on_notice(const std::string& topic, NoticeHandler handler) override;

  // For tests and readiness checks: the backend confirmed the subscription to `room` of `nsp` (an
  // empty room: the every-socket channel).
  bool subscribed(const std::string& nsp, const std::string& room) const;
  // Broadcast messages (one per channel) that could not be published (the backend unreachable or
  // the queue full).
  std::int64_t dropped() const { return dropped_.load(); }

 private:
  struct RecentJoin {
    std::string in_room;
    std::chrono::steady_clock::time_point at;
  };
  struct Outgoing {
    std::vector<std::string> channels;
    std::string payload;
  };

  std::string channel(const std::string& nsp, const std::string& room) const;
  std::string notice_channel(const std::string& topic) const { return prefix_ + "notice:" + topic; }
  void on_message(std::string_view channel, std::string_view payload);
  void on_subscribed(std::string_view channel);
  void on_disconnected();
  void enqueue(Outgoing out);
  bool first_sight(const std::string& origin, std::uint64_t seq);  // false for a repeat
  void remember(const RoomChange& change);
  // The in_rooms that joined one of `broadcast`'s rooms within the join window, not among its rooms.
  std::vector<std::string> recent_joiners(const EncodedBroadcast& broadcast);
  void run_publisher();

  SocketIoServer& io_;
  const std::string prefix_;
  const std::string origin_;  // this instance, random per process
  std::atomic<std::uint64_t> next_seq_{1};
  std::atomic<std::int64_t> dropped_{0};
  const std::chrono::milliseconds join_window_;

  std::mutex joins_mutex_;
  std::unordered_map<std::string, std::vector<RecentJoin>> joins_;  // guarded by joins_mutex_: by channel of room
  std::atomic<bool> any_joins_{false};                              // joins_ is not empty

  std::mutex notices_mutex_;
  std::unordered_map<std::string, NoticeHandler> notices_;  // guarded by notices_mutex_: by channel

  std::mutex seen_mutex_;
  std::unordered_set<std::string> seen_;  // guarded by seen_mutex_: recent multi-room broadcasts
  std::deque<std::string> seen_order_;    // guarded by seen_mutex_: oldest first

  std::mutex queue_mutex_;
  std::condition_variable queue_wake_;
  std::deque<Outgoing> queue_;  // guarded by queue_mutex_
  bool stopping_ = false;       // guarded by queue_mutex_

  std::unique_ptr<bus::PubSub> pubsub_;  // after the state its handlers use
  std::thread publisher_;                // last: starts after everything above is ready
};

}  // namespace parley::realtime
