// The client events of the chat namespace as tables, one per feature (realtime/handlers/):
// each entry names the event, its payload schema (checked before the handler runs, with one
// error format), what it acknowledges and emits (for /api/events.json, generated from these
// tables), and the handler, which only decodes, calls the domain and encodes.
#pragma once

#include "chat/actor.hpp"
#include "chat/auth.hpp"
#include "chat/schema.hpp"
#include "chat/services.hpp"
#include "realtime/socketio_server.hpp"
#include "util/keyed_counter.hpp"
#include "util/serial.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace parley::realtime {

// Consecutive `message` events of one socket that are still waiting for a worker: they are
// sent to the domain together, as one append (handlers/messages.cpp).
struct SendBatch {
  static constexpr std::size_t kMax = 64;
  std::mutex mutex;
  bool taken = false;                                    // guarded by mutex
  std::vector<std::pair<chat::SendRequest, Ack>> items;  // guarded by mutex
};

// The scopes a socket receives new messages of (chat ids, or Presence::kAllChats), as
// registered with presence. Each scope is added once and removed once; after close() nothing
// is added, so a request that races the disconnect cannot leave a receiver behind.
class Receiving {
 public:
  bool add(const std::string& scope);
  bool remove(const std::string& scope);
  std::vector<std::string> close();
  // The device reads `scope` now (Presence::kReadingPrefix + a chat id; "": none) instead of
  // what it read before. Returns that earlier scope ("": none, or no change) to remove, and
  // whether `scope` was added (neither after close()).
  std::pair<std::string, bool> read(const std::string& scope);

 private:
  std::mutex mutex_;
  bool closed_ = false;                     // guarded by mutex_
  std::unordered_set<std::string> scopes_;  // guarded by mutex_
  std::string reading_;                     // guarded by mutex_: in scopes_ too
};

// What a connected socket carries (Socket::data): its user, the queue its requests run on, and
// the batch of sends that later sends may still join (touched only on the socket's shard).
struct SocketState {
  chat::Principal principal;
  std::shared_ptr<util::SerialQueue> queue;
  std::shared_ptr<SendBatch> open_batch;
  std::shared_ptr<util::KeyedCounter::Slot> slot;  // the socket's place in max_sockets_per_user
  bool inbox = false;                              // declared the "inbox" feature
  bool scoped_presence = false;                    // declared the "scoped-presence" feature
  std::unordered_set<std::string> watched;         // users of presence:subscribe (on the shard only)
  std::shared_ptr<Receiving> receiving = std::make_shared<Receiving>();
};

// Requests of one socket that may wait for a worker; more are refused with `unavailable`.
inline constexpr std::size_t kMaxPendingPerSocket = 256;

// What handlers use.
struct EventContext {
  chat::Services& chat;
  Namespace& nsp;
};

// A handler runs on the socket's queue (a worker thread), in the order the socket sent its
// requests, with the payload already checked against the entry's schema.
using EventHandler =
    std::function<void(Socket& socket, const chat::Actor& actor, const boost::json::object& args, Ack ack)>;
// A handler that runs on the socket's shard instead and queues its work itself (the batched
// `message`); it must not block.
using ShardHandler = std::function<void(Socket& socket, SocketState& state, boost::json::object args, Ack ack)>;

struct EventSpec {
  EventSpec(std::string event, chat::Schema schema, std::string acknowledges, std::string also_emits,
            EventHandler handler)
      : name(std::move(event)),
        payload(std::move(schema)),
        ack(std::move(acknowledges)),
        emits(std::move(also_emits)),
        run(std::move(handler)) {}
  static EventSpec on_shard(std::string event, chat::Schema schema, std::string acknowledges, std::string also_emits,
                            ShardHandler handler) {
    EventSpec spec(std::move(event), std::move(schema), std::move(acknowledges), std::move(also_emits), nullptr);
    spec.run_on_shard = std::move(handler);
    return spec;
  }

  std::string name;
  chat::Schema payload;
  std::string ack;    // the acknowledgement's shape
  std::string emits;  // what else the event sends, and to whom
  EventHandler run;
  ShardHandler run_on_shard;  // instead of run
};

// The tables of the features (realtime/handlers/*.cpp).
std::vector<EventSpec> message_events(EventContext& ctx);
std::vector<EventSpec> chat_events(EventContext& ctx);
std::vector<EventSpec> pin_events(EventContext& ctx);
std::vector<EventSpec> forward_events(EventContext& ctx);
std::vector<EventSpec> people_events(EventContext& ctx);
std::vector<EventSpec> group_events(EventContext& ctx);
std::vector<EventSpec> lifecycle_events(EventContext& ctx);
std::vector<EventSpec> thread_events(EventContext& ctx);
std::vector<EventSpec> reaction_events(EventContext& ctx);
std::vector<EventSpec> typing_events(EventContext& ctx);
std::vector<EventSpec> search_events(EventContext& ctx);
std::vector<EventSpec> notification_events(EventContext& ctx);

// Acknowledgements: {status: "ok", ...fields} and {status: "error", code, message}.
boost::json::object ok(boost::json::object fields = {});
boost::json::value error_ack(const chat::Error& e);
boost::json::value error_ack(chat::Errc code, std::string message);

// Rooms.
inline std::string user_room(std::string_view user_id) { return "user:" + std::string(user_id); }
inline std::string chat_room(std::string_view chat_id) { return "chat:" + std::string(chat_id); }
inline std::string inbox_room(std::string_view user_id) { return "inbox:" + std::string(user_id); }
inline std::string session_room(std::string_view session_id) { return "session:" + std::string(session_id); }
inline constexpr std::string_view kChatRoomPrefix = "chat:";
// Presence (users:update) goes to the sockets that want each user's: "presence:<id>" holds the
// sockets of that user's contacts (they share a chat) that declared "scoped-presence",
// "watch:<id>" the sockets that subscribed to it (presence:subscribe), and kEveryonesPresence
// the sockets that declared neither, which hear everyone (the contract's broadcast). Every
// instance hears every transition itself, so these rooms stay local to their instance.
inline constexpr std::string_view kPresenceRoomPrefix = "presence:";
inline constexpr std::string_view kWatchRoomPrefix = "watch:";
inline constexpr std::string_view kEveryonesPresence = "presence:*";
inline std::string presence_room(std::string_view user_id) { return std::string(kPresenceRoomPrefix).append(user_id); }
inline std::string watch_room(std::string_view user_id) { return std::string(kWatchRoomPrefix).append(user_id); }
// The most users one socket watches with presence:subscribe.
inline constexpr std::size_t kMaxWatchedPerSocket = 1000;

}  // namespace parley::realtime
