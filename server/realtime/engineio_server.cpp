#include "realtime/engineio_server.hpp"

#include "realtime/engineio_session.hpp"
#include "util/metrics.hpp"
#include "util/query.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <unistd.h>

namespace parley::realtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

const HttpReply kTooMany{503, "application/json", R"({"code":4,"message":"Too many connections from this address"})"};

HttpReply error_reply(int code, std::string_view message) {
  boost::json::object o{{"code", code}, {"message", message}};
  return {400, "application/json", boost::json::serialize(o)};
}

// Answers a refused WebSocket request with a plain HTTP error and closes the connection.
void reject_upgrade(beast::tcp_stream stream, const HttpReply& r) {
  struct Pending {
    beast::tcp_stream stream;
    http::response<http::string_body> res;
  };
  auto p = std::make_shared<Pending>(Pending{std::move(stream), {}});
  p->res.result(r.status);
  p->res.set(http::field::content_type, r.content_type);
  p->res.body() = r.body;
  p->res.keep_alive(false);
  p->res.prepare_payload();
  p->stream.expires_after(std::chrono::seconds(5));
  http::async_write(p->stream, p->res, [p](beast::error_code, std::size_t) {
    beast::error_code ec;
    p->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  });
}

}  // namespace

EngineServer::EngineServer(util::ShardPool& shards, EngineOptions options, ListenerFactory factory)
    : shards_(shards),
      options_(options),
      factory_(std::move(factory)),
      registry_(std::make_unique<Registry>(shards_, options_, factory_)),
      polling_per_address_(options_.max_polling_per_address),
      unauthenticated_per_address_(options_.max_unauthenticated_per_address) {}

std::optional<std::pair<util::KeyedCounter::Slot, util::KeyedCounter::Slot>> EngineServer::admit(
    const RequestInfo& info, bool polling) {
  auto& metrics = util::Metrics::global();
  auto pending = unauthenticated_per_address_.acquire(info.remote_address);
  if (!pending) {
    metrics.refused_unauthenticated.add();
    return std::nullopt;
  }
  util::KeyedCounter::Slot poll;
  if (polling) {
    auto taken = polling_per_address_.acquire(info.remote_address);
    if (!taken) {
      metrics.refused_polling.add();
      return std::nullopt;
    }
    poll = std::move(*taken);
  }
  return std::pair{std::move(poll), std::move(*pending)};
}

EngineServer::~EngineServer() = default;

void EngineServer::parse_target(std::string_view target, RequestInfo& info) {
  auto t = util::parse_target(target);
  info.path = std::move(t.path);
  info.query = std::move(t.query);
}

namespace {

// The checks every Engine.IO request shares; an error reply when they fail.
std::optional<HttpReply> check_query(const RequestInfo& info, std::string_view expected_transport,
                                     const EngineOptions& options) {
  const auto eio = info.query.find("EIO");
  if (eio == info.query.end() || eio->second != "4") return error_reply(5, "Unsupported protocol version");
  const auto transport = info.query.find("transport");
  if (transport == info.query.end()) return error_reply(0, "Transport unknown");
  const bool polling = transport->second == "polling" && options.allow_polling;
  const bool websocket = transport->second == "websocket" && options.allow_websocket;
  if (!polling && !websocket) return error_reply(0, "Transport unknown");
  if (transport->second != expected_transport) return error_reply(3, "Bad request");
  return std::nullopt;
}

}  // namespace

void EngineServer::handle_request(const Request& req, RequestInfo info, ReplyFn reply) {
  if (auto err = check_query(info, "polling", options_)) {
    reply(std::move(*err));
    return;
  }
  const auto sid_it = info.query.find("sid");
  const std::size_t here = util::ShardPool::current();
  if (sid_it == info.query.end()) {
    if (req.method() != http::verb::get) {
      reply(error_reply(2, "Bad handshake method"));
      return;
    }
    if (stopping_) {
      reply(HttpReply{503, "application/json", R"({"code":4,"message":"Server shutting down"})"});
      return;
    }
    auto slots = admit(info, true);
    if (!slots) {
      reply(kTooMany);
      return;
    }
    auto session = registry_->create(here, EngineSession::Transport::kPolling, std::move(info));
    session->hold(std::move(slots->first), std::move(slots->second));
    session->start(factory_(*session));
    reply(HttpReply{200, "text/plain; charset=UTF-8", session->open_packet()});
    return;
  }
  const std::string sid = sid_it->second;
  const std::size_t shard = registry_->shard_of(sid);
  if (shard == util::ShardPool::kNoShard) {
    reply(error_reply(1, "Session ID unknown"));
    return;
  }
  const auto method = req.method();
  if (method != http::verb::get && method != http::verb::post) {
    reply(error_reply(2, "Bad request method"));
    return;
  }
  std::string body = method == http::verb::post ? req.body() : std::string();
  shards_.run_on(shard, [this, shard, sid, method, body = std::move(body), reply = std::move(reply)]() mutable {
    auto session = registry_->find(shard, sid);
    if (!session) {
      if (method == http::verb::get && registry_->take_client_close(shard, sid)) {
        reply(HttpReply{200, "text/plain; charset=UTF-8", "6"});
        return;
      }
      reply(error_reply(1, "Session ID unknown"));
      return;
    }
    if (method == http::verb::get) {
      session->handle_poll(std::move(reply));
    } else {
      session->handle_post(body, reply);
    }
  });
}

void EngineServer::handle_websocket(beast::tcp_stream stream, Request req, RequestInfo info) {
  if (auto err = check_query(info, "websocket", options_)) {
    reject_upgrade(std::move(stream), *err);
    return;
  }
  const std::size_t here = util::ShardPool::current();
  const auto sid_it = info.query.find("sid");
  if (sid_it == info.query.end()) {
    if (stopping_) {
      reject_upgrade(std::move(stream),
                     HttpReply{503, "application/json", R"({"code":4,"message":"Server shutting down"})"});
      return;
    }
    auto slots = admit(info, false);
    if (!slots) {
      reject_upgrade(std::move(stream), kTooMany);
      return;
    }
    auto ws = std::make_shared<WsTransport>(std::move(stream), options_);
    ws->keep(std::move(info.connection));
    ws->accept(req, [this, ws, here, info = std::move(info),
                     slots = std::make_shared<decltype(slots)>(std::move(slots))](bool ok) mutable {
      if (!ok) return;
      if (stopping_) {
        ws->close(ws::CloseCode::kGoingAway);
        return;
      }
      auto session = registry_->create(here, EngineSession::Transport::kWebSocket, std::move(info));
      session->hold(std::move((*slots)->first), std::move((*slots)->second));
      session->attach_websocket(ws);
      session->start(factory_(*session));
    });
    return;
  }
  const std::string sid = sid_it->second;
  const std::size_t shard = registry_->shard_of(sid);
  if (shard == util::ShardPool::kNoShard) {
    reject_upgrade(std::move(stream), error_reply(1, "Session ID unknown"));
    return;
  }

  auto upgrade_on_shard = [this, shard, sid, connection = std::move(info.connection)](beast::tcp_stream s,
                                                                                      const Request& r) mutable {
    auto session = registry_->find(shard, sid);
    if (!session) {
      reject_upgrade(std::move(s), error_reply(1, "Session ID unknown"));
      return;
    }
    auto ws = std::make_shared<WsTransport>(std::move(s), options_);
    ws->keep(std::move(connection));
    ws->accept(r, [this, shard, sid, ws](bool ok) {
      if (!ok) return;
      // A second WebSocket for a session that has one (or is upgrading) is accepted and closed
      // at once, as clients expect of the reference server.
      auto target = registry_->find(shard, sid);
      if (!target || !target->can_upgrade()) {
        ws->close(ws::CloseCode::kPolicyViolation);
        return;
      }
      target->probe_websocket(ws);
    });
  };

  if (shard == here) {
    upgrade_on_shard(std::move(stream), req);
    return;
  }
  // Move the connection to the session's shard: release the descriptor here and adopt it there,
  // so the session and its WebSocket share one thread.
  beast::error_code ec;
  auto socket = stream.release_socket();
  const auto protocol = socket.local_endpoint(ec).protocol();
  const int fd = ec ? -1 : socket.release(ec);
  if (ec || fd < 0) return;
  asio::post(shards_.context(shard),
             [this, shard, fd, protocol, r = std::move(req), upgrade_on_shard = std::move(upgrade_on_shard)]() mutable {
               asio::ip::tcp::socket adopted(shards_.context(shard));
               beast::error_code aec;
               adopted.assign(protocol, fd, aec);
               if (aec) {
                 ::close(fd);
                 return;
               }
               upgrade_on_shard(beast::tcp_stream(std::move(adopted)), r);
             });
}

void EngineServer::shutdown() {
  stopping_ = true;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    asio::post(shards_.context(i), [this, i] {
      for (auto& s : registry_->all(i)) s->close_for_shutdown();
    });
  }
}

}  // namespace parley::realtime
