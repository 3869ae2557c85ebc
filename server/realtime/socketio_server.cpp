#include "realtime/socketio_server.hpp"

#include "realtime/engineio_session.hpp"
#include "util/metrics.hpp"
#include "util/random.hpp"
#include "util/utf8.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <spdlog/spdlog.h>

#include <atomic>

namespace parley::realtime {

namespace asio = boost::asio;
namespace json = boost::json;
using sio::PacketType;

// ---------------------------------------------------------------------------------------------
// Encoding

std::vector<eio::Frame> encode_packet(PacketType type, const std::string& nsp, std::optional<std::uint64_t> id,
                                      json::array args, const std::vector<sio::Binary>& attachments) {
  sio::Packet p;
  const bool binary = !attachments.empty();
  if (binary) type = type == PacketType::kAck ? PacketType::kBinaryAck : PacketType::kBinaryEvent;
  p.type = type;
  p.nsp = nsp;
  p.id = id;
  p.attachments = attachments.size();
  p.data = std::move(args);
  p.has_data = true;
  std::vector<eio::Frame> frames;
  frames.reserve(1 + attachments.size());
  frames.push_back(eio::Frame::text("4" + sio::encode(p)));
  for (const auto& a : attachments) frames.push_back(eio::Frame{a, true});
  return frames;
}

std::vector<eio::Frame> encode_event(const std::string& nsp, std::string_view event, Payload payload,
                                     std::optional<std::uint64_t> id) {
  json::array args;
  args.reserve(payload.args.size() + 1);
  args.emplace_back(event);
  for (auto& a : payload.args) args.push_back(std::move(a));
  return encode_packet(PacketType::kEvent, nsp, id, std::move(args), payload.attachments);
}

namespace {

eio::Frame control_frame(PacketType type, const std::string& nsp, const json::value* data) {
  sio::Packet p;
  p.type = type;
  p.nsp = nsp;
  if (data) {
    p.data = *data;
    p.has_data = true;
  }
  return eio::Frame::text("4" + sio::encode(p));
}

}  // namespace

const std::string* Payload::binary(const json::value& v) const {
  const auto idx = sio::placeholder_index(v);
  if (!idx || *idx >= attachments.size()) return nullptr;
  return attachments[*idx].get();
}

void Payload::add_binary(std::string bytes) {
  args.push_back(sio::make_placeholder(attachments.size()));
  attachments.push_back(std::make_shared<const std::string>(std::move(bytes)));
}

struct Ack::State {
  std::shared_ptr<Socket> socket;
  std::uint64_t id = 0;
  std::atomic<bool> done{false};
};

// ---------------------------------------------------------------------------------------------
// Client: the Socket.IO side of one Engine.IO session.

class Client final : public EngineListener {
 public:
  Client(SocketIoServer& server, EngineSession& session)
      : server_(server), session_(session.shared_from_this()), timer_(server.shards().context(session.shard())) {
    timer_.expires_after(server_.options().connect_timeout);
    timer_.async_wait([this, alive = alive_](boost::system::error_code ec) {
      if (ec || !*alive) return;
      if (sockets_.empty()) session_->close("connect timeout");
    });
  }

  ~Client() override {
    *alive_ = false;
    timer_.cancel();
  }

  void on_message(std::string data, bool binary) override {
    if (binary) {
      if (!pending_) return protocol_error("unexpected binary attachment");
      received_.push_back(std::make_shared<const std::string>(std::move(data)));
      if (received_.size() == pending_->attachments) {
        auto packet = std::move(*pending_);
        pending_.reset();
        dispatch(std::move(packet), std::exchange(received_, {}));
      }
      return;
    }
    if (pending_) return protocol_error("text while waiting for attachments");
    if (!util::is_valid_utf8(data)) return protocol_error("invalid UTF-8");
    auto result = sio::decode(data, server_.options().limits);
    if (!result.packet) return protocol_error(result.error);
    if (result.packet->attachments > 0) {
      pending_ = std::move(result.packet);
      received_.clear();
      return;
    }
    dispatch(std::move(*result.packet), {});
  }

  void on_close(std::string_view reason) override {
    *alive_ = false;
    timer_.cancel();
    auto sockets = std::move(sockets_);
    sockets_.clear();
    for (auto& s : sockets) s->mark_disconnected(reason);
    session_.reset();
  }

  void send(const std::vector<eio::Frame>& frames) {
    if (!session_) return;
    for (const auto& f : frames) session_->send(f);
  }
  void send(const eio::Frame& frame) {
    if (session_) session_->send(frame);
  }
  void close(std::string_view reason) {
    if (session_) session_->close(reason);
  }
  void remove(Socket* s) {
    std::erase_if(sockets_, [s](const auto& p) { return p.get() == s; });
  }
  std::shared_ptr<EngineSession> session() const { return session_; }
  std::size_t shard() const { return session_->shard(); }
  SocketIoServer& server() { return server_; }

 private:
  void protocol_error(std::string_view what) {
    spdlog::debug("socket.io parse error from {}: {}", session_->request().remote_address, what);
    session_->close("parse error");
  }

  Socket* socket_for(const std::string& nsp) {
    for (auto& s : sockets_) {
      if (s->nsp().name() == nsp) return s.get();
    }
    return nullptr;
  }

  void dispatch(sio::Packet packet, std::vector<sio::Binary> attachments) {
    switch (packet.type) {
      case PacketType::kConnect:
        return connect(std::move(packet));
      case PacketType::kDisconnect:
        if (auto* s = socket_for(packet.nsp)) {
          auto keep = s->shared_from_this();
          remove(s);
          s->mark_disconnected("client namespace disconnect");
        }
        return;
      case PacketType::kEvent:
      case PacketType::kBinaryEvent:
        if (auto* s = socket_for(packet.nsp)) on_event(*s, std::move(packet), std::move(attachments));
        return;
      case PacketType::kAck:
      case PacketType::kBinaryAck:
        if (auto* s = socket_for(packet.nsp)) on_ack(*s, std::move(packet), std::move(attachments));
        return;
      case PacketType::kConnectError:
        return protocol_error("CONNECT_ERROR from a client");
    }
  }

  void connect(sio::Packet packet) {
    Namespace* nsp = server_.find(packet.nsp);
    if (!nsp) {
      const json::value err = json::object{{"message", "Invalid namespace"}};
      send(control_frame(PacketType::kConnectError, packet.nsp, &err));
      return;
    }
    if (socket_for(packet.nsp) || connecting_.contains(packet.nsp)) return;
    json::value auth = packet.has_data ? std::move(packet.data) : json::value(json::object());
    auto socket = std::make_shared<Socket>(*nsp, *this, util::random_id(15), std::move(auth));
    connecting_.insert(packet.nsp);
    nsp->run_middleware(socket, 0, [this, alive = alive_, socket](std::optional<ConnectError> err) {
      if (!*alive) return;
      connecting_.erase(socket->nsp().name());
      if (err) {
        json::object o{{"message", err->message}};
        if (!err->data.is_null()) o["data"] = err->data;
        const json::value v = std::move(o);
        send(control_frame(PacketType::kConnectError, socket->nsp().name(), &v));
        return;
      }
      timer_.cancel();
      if (session_) session_->joined();
      sockets_.push_back(socket);
      Namespace& ns = socket->nsp();
      socket->connected_ = true;
      util::Metrics::global().socketio_sockets.add(1);
      ns.shards_[socket->shard()].sockets.emplace(socket->id(), socket.get());
      socket->join(socket->id());
      const json::value hello = json::object{{"sid", socket->id()}};
      send(control_frame(PacketType::kConnect, ns.name(), &hello));
      if (ns.on_connection_) ns.on_connection_(*socket);
    });
  }

  void on_event(Socket& socket, sio::Packet packet, std::vector<sio::Binary> attachments) {
    auto& arr = packet.data.get_array();
    const std::string event(arr[0].get_string());
    Payload payload;
    payload.args.reserve(arr.size() - 1);
    for (std::size_t i = 1; i < arr.size(); ++i) payload.args.push_back(std::move(arr[i]));
    payload.attachments = std::move(attachments);
    Ack ack;
    if (packet.id) {
      ack.state_ = std::make_shared<Ack::State>();
      ack.state_->socket = socket.shared_from_this();
      ack.state_->id = *packet.id;
    }
    Namespace& ns = socket.nsp();
    const auto it = ns.handlers_.find(event);
    const Namespace::EventHandler* handler = it != ns.handlers_.end() ? &it->second : nullptr;
    if (!handler && ns.on_unknown_) handler = &ns.on_unknown_;
    if (!handler) return;
    util::ScopedTimer timer(util::Metrics::global().event_latency);
    (*handler)(socket, payload, std::move(ack));
  }

  void on_ack(Socket& socket, sio::Packet packet, std::vector<sio::Binary> attachments);

  SocketIoServer& server_;
  std::shared_ptr<EngineSession> session_;  // reset at close, which breaks the cycle
  asio::steady_timer timer_;                // connect timeout
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::vector<std::shared_ptr<Socket>> sockets_;
  std::unordered_set<std::string> connecting_;
  std::optional<sio::Packet> pending_;  // a binary packet waiting for its attachments
  std::vector<sio::Binary> received_;
};

// ---------------------------------------------------------------------------------------------
// Ack

void Ack::operator()(Payload reply) const {
  if (!state_ || state_->done.exchange(true)) return;
  auto socket = state_->socket;
  const auto id = state_->id;
  socket->on_shard([socket, id, reply = std::move(reply)]() mutable {
    if (!socket->connected()) return;
    socket->send_frames(
        encode_packet(PacketType::kAck, socket->nsp().name(), id, std::move(reply.args), reply.attachments));
  });
}

// ---------------------------------------------------------------------------------------------
// Socket

struct Socket::PendingAck {
  std::function<void(std::optional<Payload>)> on_reply;
  std::unique_ptr<asio::steady_timer> timer;
};

void Client::on_ack(Socket& socket, sio::Packet packet, std::vector<sio::Binary> attachments) {
  auto it = socket.acks_.find(*packet.id);
  if (it == socket.acks_.end()) return;
  auto pending = std::move(it->second);
  socket.acks_.erase(it);
  Payload payload(std::move(packet.data.get_array()));
  payload.attachments = std::move(attachments);
  if (pending->on_reply) pending->on_reply(std::move(payload));
}

Socket::Socket(Namespace& nsp, Client& client, std::string id, json::value auth)
    : nsp_(nsp),
      client_(&client),
      id_(std::move(id)),
      shard_(client.shard()),
      session_(client.session()),
      auth_(std::move(auth)) {}

Socket::~Socket() = default;

const RequestInfo& Socket::request() const { return session_->request(); }

void Socket::send_frames(const std::vector<eio::Frame>& frames) {
  if (connected_) client_->send(frames);
}

void Socket::emit(std::string_view event, Payload payload) {
  if (util::ShardPool::current() == shard_) {
    send_frames(encode_event(nsp_.name(), event, std::move(payload)));
    return;
  }
  auto frames = encode_event(nsp_.name(), event, std::move(payload));
  on_shard([self = shared_from_this(), frames = std::move(frames)] { self->send_frames(frames); });
}

void Socket::emit_with_ack(std::string_view event, Payload payload,
                           std::function<void(std::optional<Payload>)> on_reply,
                           std::optional<std::chrono::milliseconds> timeout) {
  on_shard([self = shared_from_this(), event = std::string(event), payload = std::move(payload),
            on_reply = std::move(on_reply), timeout]() mutable {
    if (!self->connected_) {
      if (on_reply) on_reply(std::nullopt);
      return;
    }
    const auto id = self->next_ack_id_++;
    auto pending = std::make_unique<PendingAck>();
    pending->on_reply = std::move(on_reply);
    pending->timer = std::make_unique<asio::steady_timer>(self->nsp_.server_.shards().context(self->shard_));
    pending->timer->expires_after(timeout.value_or(self->nsp_.server_.options().ack_timeout));
    pending->timer->async_wait([weak = self->weak_from_this(), id](boost::system::error_code ec) {
      auto s = weak.lock();
      if (ec || !s) return;
      auto it = s->acks_.find(id);
      if (it == s->acks_.end()) return;
      auto p = std::move(it->second);
      s->acks_.erase(it);
      if (p->on_reply) p->on_reply(std::nullopt);
    });
    self->acks_.emplace(id, std::move(pending));
    self->send_frames(encode_event(self->nsp_.name(), event, std::move(payload), id));
  });
}

void Socket::join(std::string room) { join(std::vector<std::string>{std::move(room)}); }

void Socket::leave(const std::string& room) { leave(std::vector<std::string>{room}); }

void Socket::join(std::vector<std::string> rooms) {
  if (rooms.empty()) return;
  on_shard([self = shared_from_this(), rooms = std::move(rooms)]() mutable {
    if (!self->connected_) return;
    for (auto& room : rooms) {
      self->nsp_.add_to_room(self->shard_, room, self.get());
      self->rooms_.insert(std::move(room));
    }
  });
}

void Socket::leave(std::vector<std::string> rooms) {
  if (rooms.empty()) return;
  on_shard([self = shared_from_this(), rooms = std::move(rooms)] {
    for (const auto& room : rooms) {
      if (self->rooms_.erase(room) == 0) continue;
      self->nsp_.remove_from_room(self->shard_, room, self.get());
      if (self->connected_ && self->nsp_.on_room_left_) self->nsp_.on_room_left_(*self, room);
    }
  });
}

void Socket::disconnect(bool close_connection) {
  on_shard([self = shared_from_this(), close_connection] {
    if (!self->connected_) return;
    Client* client = self->client_;
    client->send(control_frame(PacketType::kDisconnect, self->nsp_.name(), nullptr));
    client->remove(self.get());
    self->mark_disconnected("server namespace disconnect");
    if (close_connection) client->close("server namespace disconnect");
  });
}

void Socket::mark_disconnected(std::string_view reason) {
  if (!connected_) return;
  auto self = shared_from_this();
  auto& state = nsp_.shards_[shard_];
  for (const auto& room : rooms_) {
    nsp_.remove_from_room(shard_, room, this);
    if (nsp_.on_room_left_) nsp_.on_room_left_(*this, room);
  }
  state.sockets.erase(id_);
  util::Metrics::global().socketio_sockets.add(-1);
  // Handlers see the rooms the socket was in, as Socket.IO's "disconnecting" does.
  connected_ = false;
  if (nsp_.on_disconnect_) nsp_.on_disconnect_(*this, reason);
  rooms_.clear();
  client_ = nullptr;
  auto acks = std::move(acks_);
  acks_.clear();
  for (auto& [id, pending] : acks) {
    if (pending->on_reply) pending->on_reply(std::nullopt);
  }
}

// ---------------------------------------------------------------------------------------------
// Server

SocketIoServer::SocketIoServer(util::ShardPool& shards, SocketIoOptions options) : shards_(shards), options_(options) {}

SocketIoServer::~SocketIoServer() = default;

Namespace& SocketIoServer::of(const std::string& name) {
  auto& slot = namespaces_[name];
  if (!slot) slot = std::make_unique<Namespace>(*this, name);
  return *slot;
}

Namespace* SocketIoServer::find(std::string_view name) {
  auto it = namespaces_.find(std::string(name));
  return it == namespaces_.end() ? nullptr : it->second.get();
}

ListenerFactory SocketIoServer::listener_factory() {
  return [this](EngineSession& session) -> std::unique_ptr<EngineListener> {
    return std::make_unique<Client>(*this, session);
  };
}

}  // namespace parley::realtime
