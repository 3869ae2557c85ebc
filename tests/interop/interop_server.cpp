// parley-interop-server: the real Parley server wiring with a small set of test events, for the
// interoperability tests that drive it with the official socket.io-client. Flags as for parley.
//
// Handshake: auth {token} must be "let-me-in" (or "slow" to go through an asynchronous
// middleware); anything else is refused with "Invalid token", a missing token with
// "No token provided". Events (each acknowledges):
//   echo(...args)                 -> ack(...args)
//   join(room) / leave(room)      -> ack("ok")
//   broadcast({room, event, data, exceptSelf}) -> emits event(data) to the room
//   ask(question)                 -> emits "question"(question) with an ack, then
//                                    acks the caller with the client's answer
//   binary-echo(...args)          -> emits "binary-back"(...args)
//   whoami()                      -> ack({id, name}) from the handshake
//   bye()                         -> server disconnects the socket
//   flood({count, size})          -> emits "flood" count times with size bytes each to the
//                                    caller (to overflow the send queue of a client that
//                                    stops reading)
#include "app/process.hpp"

#include <spdlog/spdlog.h>

#include <thread>

namespace {

using namespace parley;
using realtime::Ack;
using realtime::Payload;
using realtime::Socket;
namespace json = boost::json;

std::string string_arg(const Payload& p, std::size_t i) {
  if (i < p.args.size() && p.args[i].is_string()) return std::string(p.args[i].get_string());
  return {};
}

void install(realtime::Namespace& nsp) {
  nsp.use([](Socket& socket, realtime::Namespace::Next next) {
    const auto* auth = socket.auth().if_object();
    const auto* token = auth ? auth->if_contains("token") : nullptr;
    if (!token || !token->is_string()) return next(realtime::ConnectError{"No token provided", {}});
    const std::string t(token->get_string());
    if (t == "slow") {
      // Answers from another thread, as a database lookup would.
      std::thread([next] { next(std::nullopt); }).detach();
      return;
    }
    if (t != "let-me-in") return next(realtime::ConnectError{"Invalid token", {}});
    next(std::nullopt);
  });
  nsp.on_connection([](Socket& socket) {
    const auto* auth = socket.auth().if_object();
    const auto* name = auth ? auth->if_contains("name") : nullptr;
    socket.data = name && name->is_string() ? std::string(name->get_string()) : std::string("anonymous");
    socket.emit("welcome", Payload::of(json::value(socket.id())));
  });
  nsp.on("echo", [](Socket&, Payload& p, Ack ack) { ack(std::move(p)); });
  nsp.on("join", [](Socket& s, Payload& p, Ack ack) {
    s.join(string_arg(p, 0));
    ack(json::value("ok"));
  });
  nsp.on("leave", [](Socket& s, Payload& p, Ack ack) {
    s.leave(string_arg(p, 0));
    ack(json::value("ok"));
  });
  nsp.on("broadcast", [&nsp](Socket& s, Payload& p, Ack ack) {
    const auto* o = p.args.empty() ? nullptr : p.args[0].if_object();
    if (!o) return ack(json::value("bad request"));
    const auto* room = o->if_contains("room");
    const auto* event = o->if_contains("event");
    if (!room || !room->is_string() || !event || !event->is_string()) return ack(json::value("bad request"));
    realtime::Broadcast b = nsp.to(std::string(room->get_string()));
    if (const auto* ex = o->if_contains("exceptSelf"); ex && ex->is_bool() && ex->get_bool()) b.except(s.id());
    const json::value* data = o->if_contains("data");
    b.emit(event->get_string(), Payload::of(data ? *data : json::value()));
    ack(json::value("ok"));
  });
  nsp.on("ask", [](Socket& s, Payload& p, Ack ack) {
    s.emit_with_ack(
        "question", std::move(p),
        [ack](std::optional<Payload> answer) {
          if (!answer) return ack(json::value("no answer"));
          ack(std::move(*answer));
        },
        std::chrono::milliseconds(2000));
  });
  nsp.on("binary-echo", [](Socket& s, Payload& p, Ack) { s.emit("binary-back", std::move(p)); });
  nsp.on("whoami", [](Socket& s, Payload&, Ack ack) {
    ack(json::value(json::object{{"id", s.id()}, {"name", std::any_cast<std::string>(s.data)}}));
  });
  nsp.on("bye", [](Socket& s, Payload&, Ack) { s.disconnect(); });
  nsp.on("flood", [](Socket& s, Payload& p, Ack ack) {
    const auto* o = p.args.empty() ? nullptr : p.args[0].if_object();
    const auto* count = o ? o->if_contains("count") : nullptr;
    const auto* size = o ? o->if_contains("size") : nullptr;
    if (!count || !size || !count->is_int64() || !size->is_int64() || count->get_int64() > 100000 ||
        size->get_int64() > 1000000) {
      return ack(json::value("bad request"));
    }
    const json::value chunk(std::string(static_cast<std::size_t>(size->get_int64()), 'f'));
    for (std::int64_t i = 0; i < count->get_int64() && s.connected(); ++i) s.emit("flood", Payload::of(chunk));
    ack(json::value("ok"));
  });
}

}  // namespace

int main(int argc, char** argv) {
  app::ProcessOptions options;
  options.mode = app::ServerMode::kBare;
  options.print_port = true;
  options.setup = [](app::Server& server) { install(server.io().of("/")); };
  return app::run_process(argc, argv, options);
}
