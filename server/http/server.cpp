#include "http/server.hpp"

#include "http/client_address.hpp"
#include "http/reply.hpp"
#include "http/request_parser.hpp"
#include "util/keyed_counter.hpp"
#include "util/metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

namespace parley::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;
using util::Metrics;

namespace {

std::optional<asio::ip::address> remote_address(const beast::tcp_stream& stream) {
  beast::error_code ec;
  auto ep = stream.socket().remote_endpoint(ec);
  if (ec) return std::nullopt;
  return ep.address();
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(util::ShardPool& shards, HttpOptions options, const Router& router, const StaticFiles* files)
      : shards_(shards),
        options_(std::move(options)),
        proxies_(options_.trusted_proxies),
        router_(router),
        files_(files),
        acceptor_(shards.context(0)),
        per_address_(options_.max_connections_per_address),
        live_(shards.size()) {}

  struct Mount {
    std::string prefix;
    realtime::EngineServer* engine;
  };
  std::vector<Mount> mounts_;

  void add_mount(std::string prefix, realtime::EngineServer* engine) {
    max_engine_payload_ = std::max(max_engine_payload_, engine->options().max_payload);
    mounts_.push_back({std::move(prefix), engine});
  }

  unsigned short listen(const std::string& host, unsigned short port) {
    // The routes and mounts are final now: the largest body any of them takes, once.
    largest_body_ = std::max(
        {std::uint64_t{options_.max_body_bytes}, std::uint64_t{max_engine_payload_}, router_.max_upload_bytes()});
    const tcp::endpoint ep(asio::ip::make_address(host), port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    const auto bound = acceptor_.local_endpoint().port();
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
    return bound;
  }

  void shutdown() {
    stopping_ = true;
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
    });
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      asio::post(shards_.context(i), [this, i] {
        for (auto* c : live_[i]) {
          if (!c->busy) c->stream->cancel();
        }
      });
    }
  }

 private:
  struct Connection {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;
  };

  // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) accept() fails at once
  // until a connection closes: wait a little instead of spinning, and log once per pause.
  asio::awaitable<void> pause_after_accept_error(const boost::system::error_code& ec) {
    spdlog::warn("accept failed: {}; retrying in 100 ms", ec.message());
    asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(100));
    co_await pause.async_wait(kUseTuple);
  }

  asio::awaitable<void> accept_loop() {
    std::size_t next = 0;
    while (!stopping_) {
      auto& ctx = shards_.context(next++ % shards_.size());
      auto [ec, socket] = co_await acceptor_.async_accept(ctx, kUseTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || stopping_) break;
        co_await pause_after_accept_error(ec);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto ex = socket.get_executor();
      asio::co_spawn(ex, session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  realtime::EngineServer* engine_for(std::string_view path) const {
    for (const auto& m : mounts_) {
      // "/socket.io/" also matches "/socket.io" without the slash.
      if (path.starts_with(m.prefix) || path == std::string_view(m.prefix).substr(0, m.prefix.size() - 1)) {
        return m.engine;
      }
    }
    return nullptr;
  }

  void apply_cors(const bhttp::request_header<>& req, Response& res) const {
    const auto origin = req[bhttp::field::origin];
    if (origin.empty() || options_.cors_origins.empty()) return;
    const bool any =
        std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") != options_.cors_origins.end();
    const bool listed =
        std::find(options_.cors_origins.begin(), options_.cors_origins.end(), origin) != options_.cors_origins.end();
    if (!any && !listed) return;
    if (listed) {
      res.set(bhttp::field::access_control_allow_origin, origin);
      res.set(bhttp::field::access_control_allow_credentials, "true");
      res.set(bhttp::field::vary, "Origin");
      // What a tus client on another origin reads of the answers (routes/files.cpp).
      res.set(bhttp::field::access_control_expose_headers,
              "Location, Upload-Offset, Upload-Length, Upload-Expires, Tus-Resumable, Tus-Version, Tus-Extension, "
              "Tus-Max-Size");
    } else {
      // "*" opens the API to every site, so it must not let them send the user's credentials
      // (cookies, HTTP authentication) along: the wildcard, which browsers never combine with them.
      res.set(bhttp::field::access_control_allow_origin, "*");
    }
    if (req.method() == bhttp::verb::options) {
      res.set(bhttp::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      const auto headers = req[bhttp::field::access_control_request_headers];
      res.set(bhttp::field::access_control_allow_headers, headers.empty() ? "Authorization, Content-Type" : headers);
      res.set(bhttp::field::access_control_max_age, "600");
    }
  }

  asio::awaitable<Reply> handle(Request& req, const std::string& address, realtime::EngineServer* engine,
                                Router::Match& match) {
    const std::string_view path = req.target().substr(0, req.target().find('?'));
    // A CORS preflight, unless a route answers OPTIONS itself (tus announces its protocol so).
    if (req.method() == bhttp::verb::options && match.handler == nullptr) {
      Response res;
      res.result(bhttp::status::no_content);
      co_return Reply{std::move(res)};
    }
    if (engine) {
      realtime::RequestInfo info;
      realtime::EngineServer::parse_target(req.target(), info);
      info.remote_address = address;
      info.origin = std::string(req[bhttp::field::origin]);
      info.user_agent = std::string(req[bhttp::field::user_agent]);
      info.authorization = std::string(req[bhttp::field::authorization]);
      auto start = [engine, &req, &info](std::function<void(realtime::HttpReply)> done) {
        engine->handle_request(req, std::move(info), std::move(done));
      };
      realtime::HttpReply reply = co_await await_callback<realtime::HttpReply>(start);
      Response res;
      res.result(reply.status);
      res.set(bhttp::field::content_type, reply.content_type);
      res.set(bhttp::field::cache_control, "no-store");
      res.body() = std::move(reply.body);
      co_return Reply{std::move(res)};
    }
    match.params.remote_address = address;
    if (match.handler) {
      const Handler* handler = match.handler;
      auto start = [handler, &req, &match](std::function<void(Response)> done) {
        (*handler)(req, match.params, std::move(done));
      };
      Response res = co_await await_callback<Response>(start);
      co_return Reply{std::move(res)};
    }
    if (match.streamed) {
      const StreamRoute* route = match.streamed;
      auto start = [route, &req, &match](std::function<void(StreamedResponse)> done) {
        route->handler(req, match.params, std::move(done));
      };
      StreamedResponse streamed = co_await await_callback<StreamedResponse>(start);
      co_return Reply{std::move(streamed.head), std::move(streamed.body), route->run};
    }
    if (match.path_known) co_return Reply{error_response(405, "method_not_allowed", "Method not allowed")};
    const bool api = path.starts_with("/api/") || path == "/api";
    if (!api && files_ && (req.method() == bhttp::verb::get || req.method() == bhttp::verb::head)) {
      if (auto res = files_->serve(req, path)) co_return Reply{std::move(*res)};
    }
    co_return Reply{error_response(404, "not_found", "Not found")};
  }

  // Writes the answer to a request with header `req`. False when the connection must close.
  asio::awaitable<bool> send(beast::tcp_stream& stream, const bhttp::request_header<>& req, bool keep_alive_asked,
                             Reply reply, std::chrono::steady_clock::time_point start) {
    if (reply.body) reply = select_range(req, std::move(reply));
    Response& res = reply.head;
    apply_cors(req, res);
    res.version(req.version());
    res.set(bhttp::field::server, "parley");
    const bool keep_alive = keep_alive_asked && !stopping_;
    res.keep_alive(keep_alive);
    const bool head = req.method() == bhttp::verb::head;
    stream.expires_after(std::chrono::seconds(30));
    if (reply.body) {
      Metrics::global().http_latency.observe(std::chrono::steady_clock::now() - start);
      const bool sent = co_await send_body(stream, std::move(reply), head);
      co_return sent&& keep_alive;
    }
    if (!head) res.prepare_payload();
    Metrics::global().http_latency.observe(std::chrono::steady_clock::now() - start);
    auto [ec, n] = co_await bhttp::async_write(stream, res, kUseTuple);
    co_return !ec && keep_alive;
  }

  // Streams the body of an upload route's request to its sink as it arrives, then answers.
  // False when the connection must close.
  asio::awaitable<bool> receive_upload(beast::tcp_stream& stream, beast::flat_buffer& buffer, RequestParser& parser,
                                       const UploadRoute& route, const Params& params,
                                       std::chrono::steady_clock::time_point start) {
    const Request& header = parser.get();
    auto open = [&route, &header, &params] { return route.open(header, params); };
    auto opened = co_await on_runner<UploadStart>(route.run, open);
    if (!opened || opened->refusal || !opened->sink) {
      // Nothing of the body was read: answer and close.
      Response refusal = !opened           ? busy_response()
                         : opened->refusal ? std::move(*opened->refusal)
                                           : error_response(500, "internal", "Internal server error");
      Reply reply{std::move(refusal)};
      co_await send(stream, header, false, std::move(reply), start);
      co_await drain_and_close(stream);
      co_return false;
    }
    std::shared_ptr<BodySink> sink = std::move(opened->sink);
    auto abort = [&route, sink] {
      if (!route.run([sink] { sink->abort(); })) sink->abort();
    };
    if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream.expires_after(std::chrono::seconds(30));
      auto [ec, n] = co_await asio::async_write(stream.socket(), asio::buffer(kContinue), kUseTuple);
      if (ec) {
        abort();
        co_return false;
      }
    }
    StreamingRequestParser body(std::move(parser));
    body.body_limit(route.max_body_bytes);
    std::vector<char> chunk(kUploadPiece);
    while (!body.is_done()) {
      body.get().body().data = chunk.data();
      body.get().body().size = chunk.size();
      stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, body, kUseTuple);
      if (ec && ec != bhttp::error::need_buffer) {
        abort();
        co_await answer_read_error(stream, ec);
        co_return false;
      }
      const std::size_t got = chunk.size() - body.get().body().size;
      if (got == 0) continue;
      const std::string_view piece(chunk.data(), got);
      // Named: GCC 12 mishandles temporaries with destructors inside co_await expressions.
      auto write = [sink, piece] { return sink->write(piece); };
      auto refused = co_await on_runner<std::optional<Response>>(route.run, write);
      if (!refused || *refused) {
        if (!refused) abort();
        Reply reply{!refused ? busy_response() : std::move(**refused)};
        co_await send(stream, body.get(), false, std::move(reply), start);
        co_await drain_and_close(stream);
        co_return false;
      }
    }
    stream.expires_never();
    auto finish = [sink] { return sink->finish(); };
    auto done = co_await on_runner<Response>(route.run, finish);
    if (!done) {
      abort();
      done = busy_response();
    }
    Reply reply{std::move(*done)};
    co_return co_await send(stream, body.get(), body.get().keep_alive(), std::move(reply), start);
  }

  // Reads the next request header: the first byte may take the keep-alive idle time (or, for
  // a new connection, the header time), the rest of the header must come within header_timeout.
  // False when the connection should close; a malformed or oversized header has been answered.
  asio::awaitable<bool> read_header(beast::tcp_stream& stream, beast::flat_buffer& buffer, RequestParser& parser,
                                    bool first) {
    if (buffer.size() == 0) {
      stream.expires_after(first ? options_.header_timeout : options_.idle_timeout);
      const std::size_t room = std::min<std::size_t>(4096, buffer.max_size());
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(room), kUseTuple);
      if (ec) {
        if (ec == beast::error::timeout && first) Metrics::global().header_timeouts.add();
        co_return false;
      }
      buffer.commit(n);
    }
    stream.expires_after(options_.header_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
    if (!ec) co_return true;
    if (ec == beast::error::timeout) Metrics::global().header_timeouts.add();
    co_await answer_read_error(stream, ec);
    co_return false;
  }

  // Answers a request the parser refused (400, 413, 431); a dead connection gets nothing.
  asio::awaitable<void> answer_read_error(beast::tcp_stream& stream, const beast::error_code& ec) {
    const auto error = read_error(ec);
    if (!error) co_return;
    Metrics::global().malformed_requests.add();
    co_await write_error(stream, error->status, error->code, error->message);
  }

  asio::awaitable<void> session(beast::tcp_stream stream) {
    const std::size_t shard = util::ShardPool::current();
    auto& metrics = Metrics::global();
    metrics.open_connections.add(1);
    Connection conn{&stream};
    live_[shard].insert(&conn);
    struct Cleanup {
      Impl* self;
      std::size_t shard;
      Connection* conn;
      ~Cleanup() {
        self->live_[shard].erase(conn);
        Metrics::global().open_connections.add(-1);
      }
    } cleanup{this, shard, &conn};

    const auto peer = remote_address(stream);
    if (!peer) co_return;  // reset before we got here
    const std::string address = peer->to_string();
    // Connections per address; a reverse proxy's own connections carry many clients, whose
    // sessions the realtime layer counts by forwarded address instead.
    std::shared_ptr<util::KeyedCounter::Slot> slot;
    if (!proxies_.trusts(*peer)) {
      auto taken = per_address_.acquire(address);
      if (!taken) {
        metrics.refused_connections.add();
        co_await write_error(stream, 503, "too_many_connections", "Too many connections from this address");
        co_return;
      }
      slot = std::make_shared<util::KeyedCounter::Slot>(std::move(*taken));
    }
    beast::flat_buffer buffer = make_read_buffer(options_.max_header_bytes);
    for (bool first = true; !stopping_; first = false) {
      RequestParser parser(options_.max_header_bytes,
                           // Beast checks Content-Length against the body limit while parsing
                           // the header, before the route (and so its own limit) is known:
                           // allow the largest here, check below.
                           largest_body_);
      if (!co_await read_header(stream, buffer, parser, first)) break;
      conn.busy = true;
      const auto start = std::chrono::steady_clock::now();
      metrics.http_requests.add();
      const std::string_view target = parser.get().target();
      const std::string_view path = target.substr(0, target.find('?'));
      auto* engine = engine_for(path);
      Router::Match match;
      if (!engine) match = router_.match(parser.get().method(), path);
      const std::uint64_t limit = engine         ? engine->options().max_payload
                                  : match.upload ? match.upload->max_body_bytes
                                                 : options_.max_body_bytes;
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await write_error(stream, 413, "payload_too_large", "Request body too large");
        break;
      }
      // Behind a trusted proxy, the client it forwards for.
      const std::string client = proxies_.client(address, parser.get()["X-Forwarded-For"]);
      if (match.upload) {
        match.params.remote_address = client;
        const bool go_on = co_await receive_upload(stream, buffer, parser, *match.upload, match.params, start);
        conn.busy = false;
        if (!go_on) break;
        continue;
      }
      parser.body_limit(limit);
      stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
      if (ec) {
        co_await answer_read_error(stream, ec);
        break;
      }
      stream.expires_never();
      Request req = parser.release();

      if (engine && beast::websocket::is_upgrade(req)) {
        realtime::RequestInfo info;
        realtime::EngineServer::parse_target(req.target(), info);
        info.remote_address = client;
        info.origin = std::string(req[bhttp::field::origin]);
        info.user_agent = std::string(req[bhttp::field::user_agent]);
        info.authorization = std::string(req[bhttp::field::authorization]);
        info.connection = std::move(slot);
        engine->handle_websocket(std::move(stream), std::move(req), std::move(info));
        co_return;  // the realtime layer owns (and counts) the connection now
      }

      Reply reply = co_await handle(req, client, engine, match);
      const bool go_on = co_await send(stream, req, req.keep_alive(), std::move(reply), start);
      conn.busy = false;
      if (!go_on) break;
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> write_error(beast::tcp_stream& stream, unsigned status, std::string_view code,
                                    std::string_view message) {
    Response res = error_response(status, code, message);
    res.keep_alive(false);
    res.set(bhttp::field::server, "parley");
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(5));
    auto [ec, n] = co_await bhttp::async_write(stream, res, kUseTuple);
    if (ec) co_return;
    co_await drain_and_close(stream);
  }

  asio::awaitable<void> drain_and_close(beast::tcp_stream& stream) {
    // Close in stages (RFC 9112 §9.6): stop sending, then read and drop what the client is
    // still sending, so that closing with unread data does not reset the connection and
    // destroy the answer before the client has read it.
    beast::error_code sec;
    stream.socket().shutdown(tcp::socket::shutdown_send, sec);
    std::array<char, 16384> scratch{};
    std::size_t dropped = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (dropped < (64u << 20)) {
      auto [rec, got] = co_await stream.async_read_some(asio::buffer(scratch), kUseTuple);
      if (rec) break;
      dropped += got;
    }
  }

  static constexpr std::size_t kUploadPiece = 64 * 1024;

  util::ShardPool& shards_;
  HttpOptions options_;
  const TrustedProxies proxies_;
  const Router& router_;
  const StaticFiles* files_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::size_t max_engine_payload_ = 0;
  std::uint64_t largest_body_ = 0;                     // of any route or mount (set by listen)
  util::KeyedCounter per_address_;                     // open TCP connections by peer address
  std::vector<std::unordered_set<Connection*>> live_;  // per shard, touched only there
};

HttpServer::HttpServer(util::ShardPool& shards, HttpOptions options, const Router& router, const StaticFiles* files)
    : impl_(std::make_unique<Impl>(shards, std::move(options), router, files)) {}

HttpServer::~HttpServer() = default;

void HttpServer::mount(std::string prefix, realtime::EngineServer& engine) {
  impl_->add_mount(std::move(prefix), &engine);
}

unsigned short HttpServer::listen(const std::string& host, unsigned short port) { return impl_->listen(host, port); }

void HttpServer::shutdown() { impl_->shutdown(); }

}  // namespace parley::http
