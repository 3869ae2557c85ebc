#include "app/server.hpp"

#include "util/metrics.hpp"

#include <boost/beast/http/field.hpp>

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace parley::app {

realtime::EngineOptions engine_options(const Config& c) {
  realtime::EngineOptions o;
  o.ping_interval = std::chrono::milliseconds(c.ping_interval_ms);
  o.ping_timeout = std::chrono::milliseconds(c.ping_timeout_ms);
  o.upgrade_timeout = std::chrono::milliseconds(c.upgrade_timeout_ms);
  o.max_payload = static_cast<std::size_t>(c.max_payload_bytes);
  o.max_queue_bytes = static_cast<std::size_t>(c.max_queue_bytes);
  return o;
}

realtime::SocketIoOptions socketio_options(const Config& c) {
  realtime::SocketIoOptions o;
  o.connect_timeout = std::chrono::milliseconds(c.connect_timeout_ms);
  o.ack_timeout = std::chrono::milliseconds(c.ack_timeout_ms);
  o.limits.max_attachments = static_cast<std::size_t>(c.max_attachments);
  o.limits.max_json_depth = static_cast<std::size_t>(c.max_json_depth);
  return o;
}

http::HttpOptions http_options(const Config& c) {
  http::HttpOptions o;
  o.max_header_bytes = static_cast<std::size_t>(c.max_header_bytes);
  o.max_body_bytes = static_cast<std::size_t>(c.max_body_bytes);
  o.idle_timeout = std::chrono::milliseconds(c.idle_timeout_ms);
  o.cors_origins = c.cors_origins;
  return o;
}

namespace {
std::size_t thread_count(const Config& c) {
  if (c.threads > 0) return static_cast<std::size_t>(c.threads);
  const auto n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}
}  // namespace

Server::Server(Config config)
    : config_(std::move(config)),
      shards_(thread_count(config_)),
      files_(std::make_unique<http::StaticFiles>(config_.web_root)),
      io_(std::make_unique<realtime::SocketIoServer>(shards_, socketio_options(config_))),
      engine_(std::make_unique<realtime::EngineServer>(shards_, engine_options(config_), io_->listener_factory())),
      http_(std::make_unique<http::HttpServer>(shards_, http_options(config_), router_, files_.get())) {
  io_->of("/");
  http_->mount("/socket.io/", *engine_);
  add_builtin_routes();
}

Server::~Server() = default;

void Server::add_builtin_routes() {
  router_.add_sync(http::Verb::get, "/healthz", [](const http::Request&, const http::Params&) {
    return http::json_response(200, R"({"status":"ok"})");
  });
  router_.add_sync(http::Verb::get, "/metrics", [](const http::Request&, const http::Params&) {
    http::Response res;
    res.result(200);
    res.set(boost::beast::http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(boost::beast::http::field::cache_control, "no-store");
    res.body() = util::Metrics::global().render();
    return res;
  });
}

unsigned short Server::start() {
  const auto port = http_->listen(config_.host, static_cast<unsigned short>(config_.port));
  shards_.start();
  spdlog::info("parley listening on http://{}:{} with {} I/O thread(s)", config_.host, port, shards_.size());
  return port;
}

void Server::stop() {
  spdlog::info("shutting down");
  http_->shutdown();
  engine_->shutdown();
  shards_.release();
  // Let the threads drain; past the deadline, stop them where they are.
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock lock(m);
    if (!cv.wait_for(lock, std::chrono::milliseconds(config_.shutdown_timeout_ms), [&] { return done; })) {
      spdlog::warn("shutdown timeout reached; stopping");
      shards_.stop();
    }
  });
  shards_.join();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_one();
  watchdog.join();
}

}  // namespace parley::app
