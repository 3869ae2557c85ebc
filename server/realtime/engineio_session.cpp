#include "realtime/engineio_session.hpp"

#include "util/metrics.hpp"
#include "util/random.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

namespace parley::realtime {

using util::Metrics;

namespace {

const eio::Frame& ping_frame() {
  static const eio::Frame kFrame = eio::Frame::text("2");
  return kFrame;
}

HttpReply text_reply(std::string body) { return {200, "text/plain; charset=UTF-8", std::move(body)}; }

HttpReply error_reply(int code, std::string_view message) {
  boost::json::object o{{"code", code}, {"message", message}};
  return {400, "application/json", boost::json::serialize(o)};
}

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

// ---------------------------------------------------------------------------------------------
// EngineSession

EngineSession::EngineSession(EngineServer::Registry& registry, std::string id, std::size_t shard, Transport transport,
                             RequestInfo info, const EngineOptions& options)
    : registry_(registry),
      id_(std::move(id)),
      shard_(shard),
      transport_(transport),
      info_(std::move(info)),
      options_(options),
      heartbeat_(registry.shards().context(shard)) {
  auto& m = Metrics::global();
  (transport_ == Transport::kPolling ? m.sockets_polling : m.sockets_websocket).add(1);
}

EngineSession::~EngineSession() = default;

void EngineSession::start(std::unique_ptr<EngineListener> listener) {
  listener_ = std::move(listener);
  schedule_ping();
}

std::string EngineSession::open_packet() const {
  boost::json::array upgrades;
  if (transport_ == Transport::kPolling && options_.allow_websocket) upgrades.emplace_back("websocket");
  boost::json::object o{{"sid", id_},
                        {"upgrades", std::move(upgrades)},
                        {"pingInterval", options_.ping_interval.count()},
                        {"pingTimeout", options_.ping_timeout.count()},
                        {"maxPayload", options_.max_payload}};
  return "0" + boost::json::serialize(o);
}

void EngineSession::send(const eio::Frame& frame) {
  if (closed_ || overflowed_) return;
  if (transport_ == Transport::kWebSocket && ws_) {
    if (!ws_->send(frame)) on_overflow();
    return;
  }
  pending_bytes_ += frame.data->size();
  pending_.push_back(frame);
  if (pending_bytes_ > options_.max_queue_bytes) {
    on_overflow();
    return;
  }
  schedule_flush();
}

void EngineSession::on_overflow() {
  // The client reads slower than it is written to: drop it (it resyncs when it reconnects).
  // The close is posted, since send() is called from inside broadcasts and handlers.
  overflowed_ = true;
  pending_.clear();
  pending_bytes_ = 0;
  Metrics::global().queue_overflows.add();
  boost::asio::post(registry_.shards().context(shard_),
                    [self = shared_from_this()] { self->close_internal("transport error", CloseKind::kServer); });
}

void EngineSession::send_control(const eio::Frame& frame) { send(frame); }

void EngineSession::schedule_flush() {
  if (!poll_ || upgrading_ || flush_scheduled_) return;
  // Deferred to the end of this turn so that packets emitted together leave in one response.
  flush_scheduled_ = true;
  boost::asio::post(registry_.shards().context(shard_), [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    self->flush_poll();
  });
}

void EngineSession::flush_poll() {
  if (!poll_ || pending_.empty() || upgrading_) return;
  std::string body = eio::encode_payload(pending_);
  auto& m = Metrics::global();
  m.packets_out.add(static_cast<std::int64_t>(pending_.size()));
  pending_.clear();
  pending_bytes_ = 0;
  reply_poll(std::move(body));
}

void EngineSession::reply_poll(std::string body) {
  if (!poll_) return;
  Metrics::global().bytes_out.add(static_cast<std::int64_t>(body.size()));
  auto reply = std::move(poll_);
  poll_ = nullptr;
  reply(text_reply(std::move(body)));
}

void EngineSession::handle_poll(ReplyFn reply) {
  if (closed_ || transport_ != Transport::kPolling) {
    reply(error_reply(3, "Bad request"));
    return;
  }
  if (poll_) {
    // Two GETs at once break the protocol: refuse the second and close the session, which
    // answers the first with a close packet.
    reply(error_reply(3, "Bad request"));
    close_internal("transport error", CloseKind::kServer);
    return;
  }
  poll_ = std::move(reply);
  if (upgrading_) {
    reply_poll("6");
    return;
  }
  if (!pending_.empty()) flush_poll();
}

void EngineSession::handle_post(std::string_view body, const ReplyFn& reply) {
  if (closed_ || transport_ != Transport::kPolling) {
    reply(error_reply(3, "Bad request"));
    return;
  }
  if (body.size() > options_.max_payload) {
    reply(HttpReply{413, "application/json", R"({"code":3,"message":"Payload too large"})"});
    close_internal("transport error", CloseKind::kServer);
    return;
  }
  Metrics::global().bytes_in.add(static_cast<std::int64_t>(body.size()));
  auto packets = eio::decode_payload(body, options_.max_payload);
  if (!packets) {
    reply(error_reply(3, "Bad request"));
    close_internal("parse error", CloseKind::kServer);
    return;
  }
  Metrics::global().packets_in.add(static_cast<std::int64_t>(packets->size()));
  auto self = shared_from_this();  // a packet may close the session
  reply(HttpReply{200, "text/html", "ok"});
  for (auto& p : *packets) {
    if (closed_) break;
    on_packet(std::move(p));
  }
}

void EngineSession::attach_websocket(std::shared_ptr<WsTransport> ws) {
  ws_ = std::move(ws);
  ws_->start(shared_from_this());
  ws_->send(eio::Frame::text(open_packet()));
}

void EngineSession::probe_websocket(std::shared_ptr<WsTransport> ws) {
  probe_ = std::move(ws);
  probe_->start(shared_from_this());
  upgrade_timer_ = std::make_unique<boost::asio::steady_timer>(registry_.shards().context(shard_));
  upgrade_timer_->expires_after(options_.upgrade_timeout);
  upgrade_timer_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock(); self && self->probe_) self->abort_upgrade();
  });
}

void EngineSession::abort_upgrade() {
  if (probe_) {
    probe_->detach();
    probe_->close(ws::CloseCode::kPolicyViolation);
    probe_.reset();
  }
  upgrade_timer_.reset();
  upgrading_ = false;
  flush_poll();
}

void EngineSession::finish_upgrade() {
  if (poll_) reply_poll("6");
  upgrade_timer_.reset();
  upgrading_ = false;
  ws_ = std::move(probe_);
  transport_ = Transport::kWebSocket;
  polling_.reset();
  auto& m = Metrics::global();
  m.sockets_polling.add(-1);
  m.sockets_websocket.add(1);
  auto frames = std::move(pending_);
  pending_.clear();
  pending_bytes_ = 0;
  for (const auto& f : frames) send(f);
}

void EngineSession::on_ws_frame(WsTransport* from, std::string data, bool binary) {
  if (closed_) return;
  if (probe_ && from == probe_.get()) {
    if (!binary && data == "2probe") {
      probe_->send(eio::Frame::text("3probe"));
      upgrading_ = true;
      if (poll_) reply_poll("6");
    } else if (!binary && data == "5" && upgrading_) {
      finish_upgrade();
    } else {
      abort_upgrade();
    }
    return;
  }
  if (!ws_ || from != ws_.get()) return;
  if (binary) {
    on_packet(eio::Packet{eio::PacketType::kMessage, std::move(data), true});
    return;
  }
  auto packet = eio::decode_text(data);
  if (!packet) {
    close_internal("parse error", CloseKind::kServer);
    return;
  }
  on_packet(std::move(*packet));
}

void EngineSession::on_ws_closed(WsTransport* from) {
  if (probe_ && from == probe_.get()) {
    probe_.reset();
    upgrade_timer_.reset();
    upgrading_ = false;
    flush_poll();
    return;
  }
  if (ws_ && from == ws_.get()) {
    ws_.reset();
    close_internal("transport close", CloseKind::kClient);
  }
}

void EngineSession::on_packet(eio::Packet packet) {
  switch (packet.type) {
    case eio::PacketType::kPong:
      on_pong();
      break;
    case eio::PacketType::kMessage:
      if (listener_) listener_->on_message(std::move(packet.data), packet.binary);
      break;
    case eio::PacketType::kClose:
      close_internal("transport close", CloseKind::kClient);
      break;
    case eio::PacketType::kNoop:
    case eio::PacketType::kPing:
      break;
    case eio::PacketType::kOpen:
    case eio::PacketType::kUpgrade:
      close_internal("parse error", CloseKind::kServer);
      break;
  }
}

void EngineSession::schedule_ping() {
  const auto generation = ++heartbeat_generation_;
  awaiting_pong_ = false;
  heartbeat_.expires_after(options_.ping_interval);
  heartbeat_.async_wait([weak = weak_from_this(), generation](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_ || generation != self->heartbeat_generation_) return;
    self->awaiting_pong_ = true;
    self->send_control(ping_frame());
    if (self->closed_) return;
    const auto g2 = ++self->heartbeat_generation_;
    self->heartbeat_.expires_after(self->options_.ping_timeout);
    self->heartbeat_.async_wait([weak, g2](boost::system::error_code ec2) {
      auto s = weak.lock();
      if (ec2 || !s || s->closed_ || g2 != s->heartbeat_generation_) return;
      if (s->awaiting_pong_) s->close_internal("ping timeout", CloseKind::kServer);
    });
  });
}

void EngineSession::on_pong() {
  if (awaiting_pong_) schedule_ping();
}

void EngineSession::close(std::string_view reason) { close_internal(reason, CloseKind::kServer); }

void EngineSession::close_for_shutdown() { close_internal("server shutting down", CloseKind::kShutdown); }

void EngineSession::close_internal(std::string_view reason, CloseKind kind) {
  if (closed_) return;
  auto self = shared_from_this();
  closed_ = true;
  polling_.reset();
  unauthenticated_.reset();
  ++heartbeat_generation_;
  heartbeat_.cancel();
  upgrade_timer_.reset();
  // A GET waiting for data learns of the close: a noop when the client asked for it (it knows
  // already), a close packet otherwise.
  if (!poll_ && kind == CloseKind::kClient && transport_ == Transport::kPolling) {
    registry_.remember_client_close(shard_, id_);
  }
  if (poll_) {
    Metrics::global().bytes_out.add(1);
    auto reply = std::move(poll_);
    poll_ = nullptr;
    reply(text_reply(kind == CloseKind::kClient ? "6" : "1"));
  }
  pending_.clear();
  pending_bytes_ = 0;
  const auto code = kind == CloseKind::kShutdown ? ws::CloseCode::kGoingAway : ws::CloseCode::kNormal;
  if (ws_) {
    ws_->detach();
    ws_->close(code);
    ws_.reset();
  }
  if (probe_) {
    probe_->detach();
    probe_->close(code);
    probe_.reset();
  }
  auto& m = Metrics::global();
  (transport_ == Transport::kPolling ? m.sockets_polling : m.sockets_websocket).add(-1);
  registry_.remove(shard_, id_);
  if (auto listener = std::move(listener_)) {
    listener->on_close(reason);
    // The listener may be on the call stack (it can close its own session); free it later.
    boost::asio::post(registry_.shards().context(shard_), [l = std::move(listener)] {});
  }
}

// ---------------------------------------------------------------------------------------------
// Registry

EngineServer::Registry::Registry(util::ShardPool& shards, const EngineOptions& options, ListenerFactory& factory)
    : shards_(shards),
      options_(options),
      factory_(factory),
      sessions_(shards.size()),
      closed_by_client_(shards.size()) {}

void EngineServer::Registry::remember_client_close(std::size_t shard, const std::string& id) {
  auto& c = closed_by_client_[shard];
  const auto now = std::chrono::steady_clock::now();
  const auto horizon = now - std::chrono::seconds(1);
  while (!c.order.empty() && (c.order.front().first < horizon || c.order.size() > 10000)) {
    c.ids.erase(c.order.front().second);
    c.order.pop_front();
  }
  c.order.emplace_back(now, id);
  c.ids.insert(id);
}

bool EngineServer::Registry::take_client_close(std::size_t shard, const std::string& id) {
  return closed_by_client_[shard].ids.erase(id) > 0;
}

std::shared_ptr<EngineSession> EngineServer::Registry::create(std::size_t shard, EngineSession::Transport transport,
                                                              RequestInfo info) {
  std::string id;
  id += kAlphabet[shard % kAlphabet.size()];
  id += util::random_id(15);
  auto session = std::make_shared<EngineSession>(*this, id, shard, transport, std::move(info), options_);
  sessions_[shard].emplace(id, session);
  return session;
}

std::shared_ptr<EngineSession> EngineServer::Registry::find(std::size_t shard, const std::string& id) const {
  const auto& map = sessions_[shard];
  auto it = map.find(id);
  return it == map.end() ? nullptr : it->second;
}

void EngineServer::Registry::remove(std::size_t shard, const std::string& id) { sessions_[shard].erase(id); }

std::vector<std::shared_ptr<EngineSession>> EngineServer::Registry::all(std::size_t shard) const {
  std::vector<std::shared_ptr<EngineSession>> out;
  out.reserve(sessions_[shard].size());
  for (const auto& [id, s] : sessions_[shard]) out.push_back(s);
  return out;
}

std::size_t EngineServer::Registry::shard_of(std::string_view id) const {
  if (id.size() != 21) return util::ShardPool::kNoShard;
  const auto pos = kAlphabet.find(id[0]);
  if (pos == std::string_view::npos || pos >= shards_.size()) return util::ShardPool::kNoShard;
  return pos;
}

}  // namespace parley::realtime
