// The HTTP/1.1 server: one listening socket, connections spread over the shards, keep-alive,
// limits on header and body size, CORS, the router, Engine.IO mounts (long-polling and
// WebSocket upgrades are handed to the realtime layer), static files with SPA fallback, and
// graceful shutdown.
//
// Threading: each connection is a coroutine on its shard; handlers may answer from any thread.
#pragma once

#include "http/router.hpp"
#include "http/static_files.hpp"
#include "realtime/engineio_server.hpp"
#include "util/shards.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace parley::http {

struct HttpOptions {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive connections with no request
  // A request header (and a new connection's first one) must arrive in full within this.
  std::chrono::milliseconds header_timeout{10000};
  // Open TCP connections (WebSockets included) from one address, trusted proxies exempt;
  // 0: no limit. Beyond it a connection gets 503 and is closed.
  std::size_t max_connections_per_address = 256;
  std::vector<std::string> cors_origins;  // "*" allows any origin
  // Reverse proxies (addresses or networks) whose X-Forwarded-For names the client
  // (http/client_address.hpp); validated by the configuration.
  std::vector<std::string> trusted_proxies;
};

class HttpServer {
 public:
  HttpServer(util::ShardPool& shards, HttpOptions options, const Router& router, const StaticFiles* files);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves Engine.IO at `prefix` (for example "/socket.io/"). Call before listen().
  void mount(std::string prefix, realtime::EngineServer& engine);

  // Binds and starts accepting; returns the bound port (useful with port 0). Throws on failure.
  unsigned short listen(const std::string& host, unsigned short port);

  // Stops accepting, closes idle keep-alive connections and lets in-flight requests finish
  // (their connections close after the response).
  void shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::http
