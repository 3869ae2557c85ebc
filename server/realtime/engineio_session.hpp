// One Engine.IO session. It lives on one shard and is touched only from that shard's thread.
// The session keeps the heartbeat, the outgoing queue for long-polling, the pending GET, and
// the upgrade state; its WebSocket, when it has one, is a WsTransport (websocket_transport.hpp)
// with a bounded write queue of its own.
#pragma once

#include "realtime/engineio_server.hpp"
#include "realtime/websocket_transport.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace parley::realtime {

class EngineSession : public std::enable_shared_from_this<EngineSession> {
 public:
  enum class Transport { kPolling, kWebSocket };

  EngineSession(EngineServer::Registry& registry, std::string id, std::size_t shard, Transport transport,
                RequestInfo info, const EngineOptions& options);
  ~EngineSession();

  const std::string& id() const { return id_; }
  std::size_t shard() const { return shard_; }
  Transport transport() const { return transport_; }
  bool is_open() const { return !closed_; }
  const RequestInfo& request() const { return info_; }

  // Queues a message frame ("4..." text or raw binary) for the client.
  void send(const eio::Frame& frame);
  // Closes the session from the server side.
  void close(std::string_view reason);
  // The client joined a namespace: the session no longer counts as unauthenticated.
  void joined() { unauthenticated_.reset(); }
  // The places this session takes in its address's limits, given back as it upgrades, joins
  // or closes.
  void hold(util::KeyedCounter::Slot polling, util::KeyedCounter::Slot unauthenticated) {
    polling_ = std::move(polling);
    unauthenticated_ = std::move(unauthenticated);
  }

  // For EngineServer and WsTransport.
  void start(std::unique_ptr<EngineListener> listener);
  std::string open_packet() const;
  void handle_poll(ReplyFn reply);
  void handle_post(std::string_view body, const ReplyFn& reply);
  void attach_websocket(std::shared_ptr<WsTransport> ws);
  bool can_upgrade() const { return transport_ == Transport::kPolling && !probe_ && !closed_; }
  void probe_websocket(std::shared_ptr<WsTransport> ws);
  void on_ws_frame(WsTransport* from, std::string data, bool binary);
  void on_ws_closed(WsTransport* from);
  void close_for_shutdown();

 private:
  enum class CloseKind { kServer, kClient, kShutdown };

  void on_packet(eio::Packet packet);
  void send_control(const eio::Frame& frame);
  void schedule_flush();
  void flush_poll();
  void reply_poll(std::string body);
  void schedule_ping();
  void on_pong();
  void finish_upgrade();
  void abort_upgrade();
  void close_internal(std::string_view reason, CloseKind kind);
  void on_overflow();

  EngineServer::Registry& registry_;
  const std::string id_;
  const std::size_t shard_;
  Transport transport_;
  const RequestInfo info_;
  const EngineOptions& options_;
  std::unique_ptr<EngineListener> listener_;

  boost::asio::steady_timer heartbeat_;
  std::uint64_t heartbeat_generation_ = 0;
  bool awaiting_pong_ = false;

  // Long-polling: frames waiting for the next GET, and the GET waiting for frames.
  std::vector<eio::Frame> pending_;
  std::size_t pending_bytes_ = 0;
  ReplyFn poll_;
  bool flush_scheduled_ = false;

  std::shared_ptr<WsTransport> ws_;     // the active WebSocket
  std::shared_ptr<WsTransport> probe_;  // a WebSocket being upgraded to
  std::unique_ptr<boost::asio::steady_timer> upgrade_timer_;
  bool upgrading_ = false;  // probe answered; GETs get a noop until the upgrade completes

  bool overflowed_ = false;
  bool closed_ = false;
  util::KeyedCounter::Slot polling_;
  util::KeyedCounter::Slot unauthenticated_;
};

// The sessions of each shard; every map is touched only by its own shard's thread.
class EngineServer::Registry {
 public:
  Registry(util::ShardPool& shards, const EngineOptions& options, ListenerFactory& factory);
  std::shared_ptr<EngineSession> create(std::size_t shard, EngineSession::Transport transport, RequestInfo info);
  std::shared_ptr<EngineSession> find(std::size_t shard, const std::string& id) const;
  void remove(std::size_t shard, const std::string& id);
  std::vector<std::shared_ptr<EngineSession>> all(std::size_t shard) const;
  // A session the client closed while no GET was waiting. A GET for it that was already on
  // its way (it raced the POST carrying the close) is answered with a noop, once, instead
  // of an unknown-session error.
  void remember_client_close(std::size_t shard, const std::string& id);
  bool take_client_close(std::size_t shard, const std::string& id);
  // The shard encoded in a session id, or kNoShard.
  std::size_t shard_of(std::string_view id) const;
  ListenerFactory& factory() { return factory_; }
  const EngineOptions& options() const { return options_; }
  util::ShardPool& shards() { return shards_; }

 private:
  util::ShardPool& shards_;
  const EngineOptions& options_;
  ListenerFactory& factory_;
  std::vector<std::unordered_map<std::string, std::shared_ptr<EngineSession>>> sessions_;
  struct ClosedByClient {
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> order;
    std::unordered_set<std::string> ids;
  };
  std::vector<ClosedByClient> closed_by_client_;
};

}  // namespace parley::realtime
