// The Engine.IO v4 server: handshakes, session lookup, and the two transports (HTTP
// long-polling and WebSocket, with the upgrade from one to the other). Each session lives on
// the shard that created it; its id carries that shard, so a request arriving on any shard is
// posted straight to its session without a shared table or lock. What a session receives goes
// to an EngineListener (the Socket.IO layer, or the echo of the conformance server).
//
// Threading: handle_request and handle_websocket are called on the connection's shard; every
// listener callback runs on the session's shard.
#pragma once

#include "realtime/engineio_packet.hpp"
#include "util/keyed_counter.hpp"
#include "util/shards.hpp"

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace parley::realtime {

struct EngineOptions {
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  std::chrono::milliseconds upgrade_timeout{10000};
  std::size_t max_payload = 1'000'000;     // bytes per HTTP body or WebSocket message
  std::size_t max_queue_bytes = 8u << 20;  // queued outgoing bytes before a session is dropped
  bool allow_polling = true;
  bool allow_websocket = true;
  // Per client address (after trusted proxies); 0: no limit. Beyond them a handshake gets 503.
  std::size_t max_polling_per_address = 64;          // sessions on long-polling
  std::size_t max_unauthenticated_per_address = 32;  // sessions that joined no namespace yet
};

// What the server knows of the request that opened a session.
struct RequestInfo {
  std::string remote_address;
  std::string path;
  std::map<std::string, std::string, std::less<>> query;
  std::string origin;
  std::string user_agent;
  std::string authorization;  // the Authorization header, which may carry the Socket.IO token
  // Keeps the connection counted against its address's limit while a transport holds it.
  std::shared_ptr<void> connection;
};

class EngineSession;

// Receives what one session gets. Created for each session by the ListenerFactory; every call
// runs on the session's shard.
class EngineListener {
 public:
  virtual ~EngineListener() = default;
  virtual void on_message(std::string data, bool binary) = 0;
  // Called once; the session sends nothing more afterwards.
  virtual void on_close(std::string_view reason) = 0;
};

using ListenerFactory = std::function<std::unique_ptr<EngineListener>(EngineSession&)>;

// A plain HTTP answer to a long-polling request.
struct HttpReply {
  unsigned status = 200;
  std::string content_type;
  std::string body;
};
// Invoked exactly once, from the session's shard (which may differ from the caller's).
using ReplyFn = std::function<void(HttpReply)>;

class EngineServer {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  EngineServer(util::ShardPool& shards, EngineOptions options, ListenerFactory factory);
  ~EngineServer();
  EngineServer(const EngineServer&) = delete;
  EngineServer& operator=(const EngineServer&) = delete;

  // A long-polling request (handshake, GET or POST) on the calling shard.
  void handle_request(const Request& req, RequestInfo info, ReplyFn reply);

  // A WebSocket upgrade request: takes over the connection.
  void handle_websocket(boost::beast::tcp_stream stream, Request req, RequestInfo info);

  // Closes every session ("server shutting down"); WebSockets get a close frame.
  void shutdown();

  const EngineOptions& options() const { return options_; }

  // Parses the query string of `target` ("/path?a=1&b=2") with percent-decoding.
  static void parse_target(std::string_view target, RequestInfo& info);

  // For EngineSession only.
  class Registry;

 private:
  // The places a new session takes in its address's limits (polling, unauthenticated), or
  // nothing when a limit is reached (counted on /metrics).
  std::optional<std::pair<util::KeyedCounter::Slot, util::KeyedCounter::Slot>> admit(const RequestInfo& info,
                                                                                     bool polling);

  util::ShardPool& shards_;
  EngineOptions options_;
  ListenerFactory factory_;
  std::unique_ptr<Registry> registry_;
  util::KeyedCounter polling_per_address_;
  util::KeyedCounter unauthenticated_per_address_;
  // Set by shutdown(): no new sessions from then on (they would keep the shards busy).
  std::atomic<bool> stopping_{false};
};

}  // namespace parley::realtime
