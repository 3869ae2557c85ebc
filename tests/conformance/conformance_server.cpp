// parley-conformance: the behaviour the public Engine.IO and Socket.IO protocol test suites
// expect on http://localhost:3000 (pingInterval 300 ms, pingTimeout 200 ms, maxPayload
// 1000000, connect timeout 1000 ms):
//  - /engine.io/: raw Engine.IO that echoes every message packet, text and binary;
//  - /socket.io/: namespaces "/" and "/custom" accept connections, emit "auth" with the
//    CONNECT payload, answer "message" with "message-back" (same arguments, binary included)
//    and acknowledge "message-with-ack" with its arguments; other namespaces are refused.
// Flags as for parley (--port, --host, ...); the protocol timings are fixed.
#include "app/process.hpp"
#include "realtime/engineio_session.hpp"

#include <boost/asio/steady_timer.hpp>

#include <spdlog/spdlog.h>

namespace {

using namespace parley;

class Echo final : public realtime::EngineListener {
 public:
  explicit Echo(realtime::EngineSession& session) : session_(session) {}
  void on_message(std::string data, bool binary) override {
    session_.send(binary ? realtime::eio::Frame::bytes(std::move(data)) : realtime::eio::Frame::text("4" + data));
  }
  void on_close(std::string_view) override {}

 private:
  realtime::EngineSession& session_;
};

void serve_test_namespace(util::ShardPool& shards, realtime::Namespace& nsp) {
  // The public test suites read each packet with a one-shot listener, and their Node WebSocket
  // client delivers frames that arrive in one TCP read synchronously, so a packet sent right
  // behind the CONNECT reply can be missed. The reference server's write path puts a few
  // hundred microseconds between the two; this fixture leaves a few milliseconds.
  nsp.on_connection([&shards](realtime::Socket& socket) {
    auto timer = std::make_shared<boost::asio::steady_timer>(shards.context(socket.shard()));
    timer->expires_after(std::chrono::milliseconds(5));
    timer->async_wait([timer, s = socket.shared_from_this()](boost::system::error_code) {
      s->emit("auth", realtime::Payload::of(s->auth()));
    });
  });
  nsp.on("message", [](realtime::Socket& socket, realtime::Payload& args, realtime::Ack) {
    socket.emit("message-back", std::move(args));
  });
  nsp.on("message-with-ack",
         [](realtime::Socket&, realtime::Payload& args, realtime::Ack ack) { ack(std::move(args)); });
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<realtime::EngineServer> raw;
  app::ProcessOptions options;
  options.mode = app::ServerMode::kBare;
  options.print_port = true;
  options.adjust = [](app::Config& config) {
    config.ping_interval_ms = 300;
    config.ping_timeout_ms = 200;
    config.max_payload_bytes = 1000000;
    config.connect_timeout_ms = 1000;
  };
  options.setup = [&raw](app::Server& server) {
    serve_test_namespace(server.shards(), server.io().of("/"));
    serve_test_namespace(server.shards(), server.io().of("/custom"));
    raw =
        std::make_unique<realtime::EngineServer>(server.shards(), app::engine_options(server.config()),
                                                 [](realtime::EngineSession& s) { return std::make_unique<Echo>(s); });
    server.http().mount("/engine.io/", *raw);
  };
  options.before_stop = [&raw] { raw->shutdown(); };
  return app::run_process(argc, argv, options);
}
