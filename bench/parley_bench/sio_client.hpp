// A Socket.IO v4 client over WebSocket for the load generator: connects (optionally from a given
// loopback source address, to get past one address's port range), authenticates with a token,
// answers heartbeats, emits events with or without acknowledgements, and hands received events
// to a callback. Packets are decoded with the server's own codec (realtime/socketio_packet).
//
// Threading: a client lives on the io_context it was created with; every method must be called
// on that context's thread and every callback runs there. One write in flight, the rest queued.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::bench {

struct Target {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;
  std::vector<std::string> features;  // the handshake's auth.features ("inbox", "scoped-presence")
};

struct SioCallbacks {
  // A received event: its name and first argument (null when it had none).
  std::function<void(std::string_view event, const boost::json::value& arg)> on_event;
  // The connection ended after it had connected (not called for close()).
  std::function<void(const std::string& why)> on_closed;
};

class SioClient : public std::enable_shared_from_this<SioClient> {
 public:
  using Ack = std::function<void(const boost::json::value& arg)>;
  using Connected = std::function<void(const std::string& error)>;  // empty on success

  static std::shared_ptr<SioClient> create(boost::asio::io_context& io, Target target,
                                           std::optional<boost::asio::ip::address> source, std::string token,
                                           SioCallbacks callbacks);
  virtual ~SioClient() = default;

  // Opens the WebSocket, the Engine.IO session and the Socket.IO namespace "/" with auth
  // {token}; `done` gets "" once connected or the reason it failed.
  virtual void start(Connected done) = 0;
  // Emits `event` with one argument; with `ack`, asks for an acknowledgement and calls it with
  // the first acknowledgement argument. Dropped silently when not connected.
  virtual void emit(std::string_view event, const boost::json::value& arg, Ack ack = nullptr) = 0;
  // Closes the TCP connection at once (no close frame: a dropped client, as in a network failure).
  virtual void drop() = 0;
  virtual bool connected() const = 0;
};

}  // namespace parley::bench
