// Parley's process: builds the shards, the HTTP server, Engine.IO and Socket.IO and the static
// files from a Config, runs them, and shuts them down gracefully. main() and the tests use it.
#pragma once

#include "app/config.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "realtime/engineio_server.hpp"
#include "realtime/socketio_server.hpp"
#include "util/shards.hpp"

#include <memory>

namespace parley::app {

// kChat serves the chat (storage, accounts, REST, Socket.IO events); kBare only the transport,
// for test servers that install their own handlers.
enum class ServerMode { kChat, kBare };

class Server {
 public:
  explicit Server(Config config, ServerMode mode = ServerMode::kChat);
  ~Server();

  realtime::SocketIoServer& io() { return *io_; }
  http::Router& router() { return router_; }
  http::HttpServer& http() { return *http_; }
  util::ShardPool& shards() { return shards_; }
  const Config& config() const { return config_; }

  // Binds the port and starts the I/O threads; returns the bound port.
  unsigned short start();
  // Stops accepting, closes sessions with close frames, lets in-flight requests finish, and
  // returns once every thread has ended or the shutdown timeout has passed.
  void stop();

 private:
  void add_builtin_routes();
  void install_chat();
  void install_bus();
  void install_jobs();

  Config config_;
  util::ShardPool shards_;
  http::Router router_;
  std::unique_ptr<http::StaticFiles> files_;
  std::unique_ptr<realtime::SocketIoServer> io_;
  std::unique_ptr<realtime::EngineServer> engine_;
  std::unique_ptr<http::HttpServer> http_;

  // The chat (kChat only). Destroyed before the transport above: declared after it.
  struct Chat;
  std::unique_ptr<Chat> chat_;
};

// Engine.IO, Socket.IO and HTTP options from a Config.
realtime::EngineOptions engine_options(const Config& c);
realtime::SocketIoOptions socketio_options(const Config& c);
http::HttpOptions http_options(const Config& c);

}  // namespace parley::app
