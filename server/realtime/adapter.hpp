// The cluster adapter of the Socket.IO server (Socket.IO calls it the same): how a broadcast of
// this instance reaches the sockets of the other instances, and how theirs reach ours. A single
// instance has none. Backend: realtime/cluster_adapter (over the bus's pub/sub, one channel per room).
//
// Threading: publish() and room_used() are called from any shard thread and must not block on
// the network (queue and return). A backend hands what arrives from other instances to
// Namespace::deliver, from any thread.
#pragma once

#include "realtime/engineio_packet.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::realtime {

class Socket;

// One broadcast, encoded once, as it goes to every shard and between instances: the rooms it is for (every socket of
// the namespace when empty), the socket ids it leaves out, and its encoded Engine.IO frames.
struct EncodedBroadcast {
  std::string nsp;
  std::vector<std::string> rooms;
  std::vector<std::string> except;
  std::vector<eio::Frame> frames;
  // A local broadcast only (never carried between instances): the sockets it reaches, of those
  // in its rooms. Called on the sockets' shards, at once from several.
  std::shared_ptr<const std::function<bool(const Socket&)>> only{};
};

// Every socket in room `in_room` joins (join = true) or leaves `room`: Namespace::sockets_join
// and sockets_leave, which must reach the sockets of every instance.
// With `disconnect` set instead, every socket in `in_room` gets the event `event` (its one
// argument the JSON text `event_data`), is disconnected and its connection closed (Socket.IO's
// disconnectSockets): Namespace::disconnect_sockets.
struct RoomChange {
  std::string nsp;
  std::string in_room;
  std::string room;
  bool join = true;
  bool disconnect = false;
  std::string event{};
  std::string event_data{};
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  // A broadcast this instance made (and delivered to its own sockets already).
  virtual void publish(const EncodedBroadcast& broadcast) = 0;
  // A room change this instance made (and applied to its own sockets already).
  virtual void publish(const RoomChange& change) = 0;
  // This instance now has its first local member of `room` (used = true) or lost its last one,
  // so it starts or stops receiving that room's broadcasts.
  virtual void room_used(const std::string& nsp, const std::string& room, bool used) = 0;

  // Notices: short messages on a named topic for every other instance, for the layers above
  // (the chat's caches). An instance hears a notice before any broadcast that this instance
  // publishes after it. Handlers are set before serving and run on the backend's thread, one
  // at a time; they must be short.
  struct NoticeHandler {
    std::function<void(std::string_view payload)> notice;
    // false: notices may be missed from now on (the link to the other instances broke);
    // true: every notice is heard from now on (also the first time the link is up).
    std::function<void(bool hearing)> hearing;
  };
  virtual void notify(const std::string& topic, std::string payload) = 0;
  virtual void on_notice(const std::string& topic, NoticeHandler handler) = 0;
};

// The wire form of a broadcast between instances (a JSON object; binary frames in base64),
// tagged with the instance it came from (so that it can skip its own) and that instance's
// sequence number (so that a broadcast to several rooms, which travels once per room, is
// delivered once).
// A room change travels the same way, in the channel of its in_room.
struct ClusterMessage {
  std::string origin;
  std::uint64_t seq = 0;
  EncodedBroadcast broadcast;  // when change is empty
  std::optional<RoomChange> change;
};
std::string encode_for_cluster(const EncodedBroadcast& broadcast, std::string_view origin, std::uint64_t seq);
std::string encode_for_cluster(const RoomChange& change, std::string_view origin, std::uint64_t seq);
// Nothing when `text` is not such a message.
std::optional<ClusterMessage> decode_from_cluster(std::string_view text);

}  // namespace parley::realtime
