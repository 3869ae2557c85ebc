#include "sio_client.hpp"

#include "realtime/socketio_packet.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/serialize.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

#include <deque>
#include <unordered_map>
#include <utility>

namespace parley::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using asio::ip::tcp;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

class WsSioClient final : public SioClient {
 public:
  WsSioClient(asio::io_context& io, Target target, std::optional<asio::ip::address> source, std::string token,
              SioCallbacks callbacks)
      : ws_(io),
        target_(std::move(target)),
        source_(source),
        token_(std::move(token)),
        callbacks_(std::move(callbacks)) {}

  void start(Connected done) override {
    asio::co_spawn(ws_.get_executor(), run(shared_from_this(), std::move(done)), asio::detached);
  }

  void emit(std::string_view event, const json::value& arg, Ack ack) override {
    if (!connected_) return;
    std::string frame = "42";
    if (ack) {
      const auto id = next_ack_++;
      frame += std::to_string(id);
      acks_.emplace(id, std::move(ack));
    }
    json::array args{json::string(event), arg};
    frame += json::serialize(args);
    send(std::move(frame));
  }

  void drop() override {
    connected_ = false;
    dropped_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  bool connected() const override { return connected_; }

 private:
  static asio::awaitable<void> run(std::shared_ptr<SioClient> keep, Connected done) {
    auto& self = static_cast<WsSioClient&>(*keep);
    std::string error = co_await self.handshake();
    if (!error.empty()) {
      beast::error_code ec;
      beast::get_lowest_layer(self.ws_).socket().close(ec);
      done(error);
      co_return;
    }
    self.connected_ = true;
    done("");
    co_await self.read_loop();
  }

  asio::awaitable<std::string> handshake() {
    auto& sock = beast::get_lowest_layer(ws_).socket();
    beast::error_code ec;
    const tcp::endpoint remote(asio::ip::make_address(target_.host, ec), target_.port);
    if (ec) co_return "bad host " + target_.host;
    sock.open(remote.protocol(), ec);
    if (ec) co_return "socket: " + ec.message();
    if (source_) {
      // The port is chosen at connect(), per destination, instead of at bind(): many more
      // connections fit in one source address's port range.
      const int on = 1;
      ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
      sock.bind(tcp::endpoint(*source_, 0), ec);
      if (ec) co_return "bind " + source_->to_string() + ": " + ec.message();
    }
    auto [cerr] = co_await sock.async_connect(remote, kNoThrow);
    if (cerr) co_return "connect: " + cerr.message();
    sock.set_option(tcp::no_delay(true), ec);
    auto [herr] = co_await ws_.async_handshake(target_.host, "/socket.io/?EIO=4&transport=websocket", kNoThrow);
    if (herr) co_return "websocket handshake: " + herr.message();
    std::string frame;
    if (!co_await read(frame) || !frame.starts_with('0')) co_return "no Engine.IO open packet";
    json::object auth{{"token", token_}};
    if (!target_.features.empty()) {
      json::array features;
      for (const auto& f : target_.features) features.emplace_back(f);
      auth["features"] = std::move(features);
    }
    co_await write_now("40" + json::serialize(auth));
    for (;;) {
      if (!co_await read(frame)) co_return "closed during the Socket.IO handshake";
      if (frame == "2") {
        co_await write_now("3");
      } else if (frame.starts_with("40")) {
        co_return "";
      } else if (frame.starts_with("44")) {
        co_return "refused: " + frame.substr(2);
      }
    }
  }

  asio::awaitable<bool> read(std::string& out) {
    buffer_.clear();
    auto [ec, n] = co_await ws_.async_read(buffer_, kNoThrow);
    if (ec) co_return false;
    const auto data = buffer_.cdata();
    out.assign(static_cast<const char*>(data.data()), data.size());
    co_return true;
  }

  asio::awaitable<void> write_now(std::string frame) { co_await ws_.async_write(asio::buffer(frame), kNoThrow); }

  asio::awaitable<void> read_loop() {
    std::string frame;
    while (co_await read(frame)) {
      if (frame == "2") {
        send("3");
        continue;
      }
      if (frame.empty() || frame[0] != '4') continue;
      auto decoded = realtime::sio::decode(std::string_view(frame).substr(1), {});
      if (!decoded.packet) continue;
      dispatch(*decoded.packet);
    }
    const bool was_connected = connected_;
    connected_ = false;
    acks_.clear();
    if (was_connected && !dropped_ && callbacks_.on_closed) callbacks_.on_closed("connection closed");
  }

  void dispatch(realtime::sio::Packet& p) {
    using realtime::sio::PacketType;
    const auto* args = p.data.if_array();
    if (!args) return;
    static const json::value kNull;
    if (p.type == PacketType::kAck && p.id) {
      auto it = acks_.find(*p.id);
      if (it == acks_.end()) return;
      auto ack = std::move(it->second);
      acks_.erase(it);
      ack(args->empty() ? kNull : (*args)[0]);
    } else if (p.type == PacketType::kEvent && !args->empty() && (*args)[0].is_string() && callbacks_.on_event) {
      callbacks_.on_event((*args)[0].get_string(), args->size() > 1 ? (*args)[1] : kNull);
    }
  }

  void send(std::string frame) {
    queue_.push_back(std::move(frame));
    if (writing_) return;
    writing_ = true;
    asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()), asio::detached);
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<SioClient> keep) {
    auto& self = static_cast<WsSioClient&>(*keep);
    while (!self.queue_.empty()) {
      const std::string frame = std::move(self.queue_.front());
      self.queue_.pop_front();
      auto [ec, n] = co_await self.ws_.async_write(asio::buffer(frame), kNoThrow);
      if (ec) {
        self.queue_.clear();
        break;
      }
    }
    self.writing_ = false;
  }

  websocket::stream<beast::tcp_stream> ws_;
  Target target_;
  std::optional<asio::ip::address> source_;
  std::string token_;
  SioCallbacks callbacks_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool connected_ = false;
  bool dropped_ = false;
  std::uint64_t next_ack_ = 1;
  std::unordered_map<std::uint64_t, Ack> acks_;
};

}  // namespace

std::shared_ptr<SioClient> SioClient::create(asio::io_context& io, Target target,
                                             std::optional<asio::ip::address> source, std::string token,
                                             SioCallbacks callbacks) {
  return std::make_shared<WsSioClient>(io, std::move(target), source, std::move(token), std::move(callbacks));
}

}  // namespace parley::bench
