// The Socket.IO v5 server on top of Engine.IO: namespaces with handshake middleware, sockets,
// rooms, events with acknowledgements in both directions, and binary attachments. This is the
// API the rest of Parley uses for real-time work.
//
// Threading: a socket lives on the shard of its Engine.IO session, and its handlers run there.
// Socket methods may be called from any thread (they post to the socket's shard when needed).
// Rooms are kept per shard, so a broadcast is encoded once and then posted to each shard, which
// delivers to its own members; no lock is held around any I/O.
#pragma once

#include "realtime/adapter.hpp"
#include "realtime/engineio_server.hpp"
#include "realtime/socketio_packet.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace parley::realtime {

struct SocketIoOptions {
  std::chrono::milliseconds connect_timeout{45000};
  std::chrono::milliseconds ack_timeout{30000};  // server-to-client acknowledgements
  sio::DecodeLimits limits;
};

// Arguments of an event or acknowledgement. Binary arguments appear in `args` as
// {"_placeholder":true,"num":i} and their bytes are attachments[i].
struct Payload {
  boost::json::array args;
  std::vector<sio::Binary> attachments;

  Payload() = default;
  explicit Payload(boost::json::array a) : args(std::move(a)) {}
  static Payload of(boost::json::value v) {
    Payload p;
    p.args.push_back(std::move(v));
    return p;
  }
  // The bytes a placeholder refers to, or null.
  const std::string* binary(const boost::json::value& v) const;
  // Appends a binary argument.
  void add_binary(std::string bytes);
};

struct ConnectError {
  std::string message;
  boost::json::value data;  // optional details for the client
};

class Socket;
class Namespace;
class SocketIoServer;
class Client;

// The acknowledgement a client asked for with an event. Copyable; the first call sends it and
// later calls do nothing. Safe to call from any thread.
class Ack {
 public:
  Ack() = default;
  bool wanted() const { return state_ != nullptr; }
  void operator()(Payload reply) const;
  void operator()(boost::json::value reply) const { (*this)(Payload::of(std::move(reply))); }

 private:
  friend class Client;
  struct State;
  std::shared_ptr<State> state_;
};

class Socket : public std::enable_shared_from_this<Socket> {
 public:
  Socket(Namespace& nsp, Client& client, std::string id, boost::json::value auth);
  ~Socket();

  const std::string& id() const { return id_; }
  Namespace& nsp() const { return nsp_; }
  std::size_t shard() const { return shard_; }
  bool connected() const { return connected_; }
  const RequestInfo& request() const;
  const boost::json::value& auth() const { return auth_; }
  // Per-socket data for the application (for example the authenticated user). Touch only on
  // the socket's shard.
  std::any data;

  void emit(std::string_view event, Payload payload = {});
  // Emits and waits for the client's acknowledgement; `on_reply` gets nothing on timeout or
  // disconnect. Runs `on_reply` on this socket's shard.
  void emit_with_ack(std::string_view event, Payload payload, std::function<void(std::optional<Payload>)> on_reply,
                     std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  void join(std::string room);
  void leave(const std::string& room);
  // Several rooms at once (one hop to the socket's shard).
  void join(std::vector<std::string> rooms);
  void leave(std::vector<std::string> rooms);
  // The rooms this socket is in (its own id included). Only on the socket's shard.
  const std::unordered_set<std::string>& rooms() const { return rooms_; }
  // Runs `fn` on this socket's shard (at once when called there): several emits and
  // acknowledgements made inside it cost one hop between threads instead of one each.
  void run_on_shard(std::function<void()> fn) { on_shard(std::move(fn)); }
  // Disconnects from this namespace; with `close_connection` the whole connection closes.
  void disconnect(bool close_connection = false);

 private:
  friend class Client;
  friend class Namespace;
  friend class Ack;
  template <class Fn>
  void on_shard(Fn&& fn);
  void send_frames(const std::vector<eio::Frame>& frames);
  void mark_disconnected(std::string_view reason);

  Namespace& nsp_;
  Client* client_;  // valid while connected_
  const std::string id_;
  const std::size_t shard_;
  std::shared_ptr<EngineSession> session_;  // keeps request() valid after a disconnect
  boost::json::value auth_;
  bool connected_ = false;
  std::unordered_set<std::string> rooms_;
  std::uint64_t next_ack_id_ = 0;
  struct PendingAck;
  std::unordered_map<std::uint64_t, std::unique_ptr<PendingAck>> acks_;
};

// An emit to some rooms of a namespace, optionally leaving out some sockets.
class Broadcast {
 public:
  explicit Broadcast(Namespace& nsp) : nsp_(nsp) {}
  Broadcast& to(std::string room) {
    rooms_.push_back(std::move(room));
    return *this;
  }
  Broadcast& except(std::string socket_id) {
    except_.push_back(std::move(socket_id));
    return *this;
  }
  // This instance's sockets only (Socket.IO's `local` flag): the adapter does not carry it.
  Broadcast& local() {
    local_ = true;
    return *this;
  }
  // This instance's sockets for which `filter` holds (called on their shards, at once from
  // several: it must only read what does not change).
  Broadcast& only(std::function<bool(const Socket&)> filter) {
    local_ = true;
    only_ = std::make_shared<const std::function<bool(const Socket&)>>(std::move(filter));
    return *this;
  }
  // Every socket in the namespace when no room was named.
  void emit(std::string_view event, Payload payload = {}) const;

 private:
  Namespace& nsp_;
  std::vector<std::string> rooms_;
  std::vector<std::string> except_;
  bool local_ = false;
  std::shared_ptr<const std::function<bool(const Socket&)>> only_;
};

class Namespace {
 public:
  using Next = std::function<void(std::optional<ConnectError>)>;
  using Middleware = std::function<void(Socket&, Next)>;
  using EventHandler = std::function<void(Socket&, Payload&, Ack)>;
  using ConnectionHandler = std::function<void(Socket&)>;
  using DisconnectHandler = std::function<void(Socket&, std::string_view reason)>;
  using RoomHandler = std::function<void(Socket&, const std::string& room)>;

  Namespace(SocketIoServer& server, std::string name);

  const std::string& name() const { return name_; }

  // Configuration: call before the server starts serving.
  void use(Middleware m) { middleware_.push_back(std::move(m)); }
  void on_connection(ConnectionHandler h) { on_connection_ = std::move(h); }
  void on_disconnect(DisconnectHandler h) { on_disconnect_ = std::move(h); }
  // A socket left `room`: by leave(), by sockets_leave() from any instance, or by
  // disconnecting (once per room, before the disconnect handler). On the socket's shard.
  void on_room_left(RoomHandler h) { on_room_left_ = std::move(h); }
  void on(std::string event, EventHandler h) { handlers_.insert_or_assign(std::move(event), std::move(h)); }
  // Events without a handler of their own.
  void on_unknown(EventHandler h) { on_unknown_ = std::move(h); }

  Broadcast to(std::string room) { return Broadcast(*this).to(std::move(room)); }
  // Every socket in room `in_room` (on any shard, and with an adapter on any instance) joins or
  // leaves `room`.
  void sockets_join(std::string in_room, std::string room) {
    change_rooms({.nsp = name_, .in_room = std::move(in_room), .room = std::move(room), .join = true});
  }
  void sockets_leave(std::string in_room, std::string room) {
    change_rooms({.nsp = name_, .in_room = std::move(in_room), .room = std::move(room), .join = false});
  }
  // Every socket in room `in_room` (on any shard and instance) gets `event` with `data`, then
  // is disconnected and its connection closed.
  void disconnect_sockets(std::string in_room, std::string_view event, const boost::json::value& data);
  void emit(std::string_view event, Payload payload = {}) { Broadcast(*this).emit(event, std::move(payload)); }
  Broadcast local() { return Broadcast(*this).local(); }

  // Sockets of this namespace on the calling shard (for tests and diagnostics).
  std::size_t local_socket_count() const;

  // Cluster: broadcasts also go to `adapter` (set before serving; it outlives the namespace's
  // use). deliver() hands a broadcast to this instance's sockets on every shard: ours, and
  // those of other instances as the adapter receives them (any thread).
  void set_adapter(Adapter* adapter) { adapter_ = adapter; }
  // Rooms whose names start with `prefix` are this instance's own: the adapter is not told
  // when they are used, so their broadcasts must be local() (for rooms of events that every
  // instance hears by itself, such as presence). Set before serving.
  void keep_local(std::string prefix) { local_prefixes_.push_back(std::move(prefix)); }
  void deliver(const std::shared_ptr<const EncodedBroadcast>& broadcast);
  // A room change made by another instance: applied to this instance's sockets only.
  void apply(const RoomChange& change);

 private:
  friend class Socket;
  friend class Client;
  friend class Broadcast;

  struct ShardState {
    std::unordered_map<std::string, Socket*> sockets;
    std::unordered_map<std::string, std::unordered_set<Socket*>> rooms;
  };
  void deliver_local(std::size_t shard, const EncodedBroadcast& broadcast);
  void run_middleware(const std::shared_ptr<Socket>& socket, std::size_t index, const Next& done);
  // Room membership on `shard`; with an adapter, the instance-wide count of shards using each
  // room tells it when the instance gains its first or loses its last member of a room.
  void add_to_room(std::size_t shard, const std::string& room, Socket* socket);
  void remove_from_room(std::size_t shard, const std::string& room, Socket* socket);
  void room_used_on_shard(const std::string& room, bool used);
  bool shared_room(const std::string& room) const;
  void change_rooms(const RoomChange& change);

  SocketIoServer& server_;
  const std::string name_;
  std::vector<Middleware> middleware_;
  ConnectionHandler on_connection_;
  DisconnectHandler on_disconnect_;
  RoomHandler on_room_left_;
  std::unordered_map<std::string, EventHandler> handlers_;
  EventHandler on_unknown_;
  std::vector<ShardState> shards_;  // indexed by shard; each touched only by its own thread
  Adapter* adapter_ = nullptr;
  std::vector<std::string> local_prefixes_;
  std::mutex room_shards_mutex_;
  std::unordered_map<std::string, int> room_shards_;  // room -> shards with members; guarded by room_shards_mutex_
};

class SocketIoServer {
 public:
  SocketIoServer(util::ShardPool& shards, SocketIoOptions options);
  ~SocketIoServer();

  // The namespace called `name` ("/" or "/chat"), created on first use before serving.
  Namespace& of(const std::string& name);
  Namespace* find(std::string_view name);

  ListenerFactory listener_factory();
  util::ShardPool& shards() { return shards_; }
  const SocketIoOptions& options() const { return options_; }

 private:
  util::ShardPool& shards_;
  SocketIoOptions options_;
  std::unordered_map<std::string, std::unique_ptr<Namespace>> namespaces_;
};

// Encodes an event packet ("4" + Socket.IO text, then attachments) once, for any number of
// recipients.
std::vector<eio::Frame> encode_packet(sio::PacketType type, const std::string& nsp, std::optional<std::uint64_t> id,
                                      boost::json::array args, const std::vector<sio::Binary>& attachments);
std::vector<eio::Frame> encode_event(const std::string& nsp, std::string_view event, Payload payload,
                                     std::optional<std::uint64_t> id = std::nullopt);

// Runs `fn` on the socket's shard (socketio_server.cpp and socketio_namespace.cpp use it).
template <class Fn>
void Socket::on_shard(Fn&& fn) {
  nsp_.server_.shards().run_on(shard_, std::forward<Fn>(fn));
}

}  // namespace parley::realtime
