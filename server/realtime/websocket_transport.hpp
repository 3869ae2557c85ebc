// WsTransport: the WebSocket connection of one Engine.IO session. It answers the opening
// handshake (websocket_handshake.hpp) and from then on does the connection's framing itself
// (websocket_frame.hpp), on the bare TCP socket:
//
// - Writes: a bounded queue of frames whose payloads are shared with every other recipient.
//   Whenever the socket takes data, the frames queued at that moment (up to kBatchFrames or
//   kBatchBytes) leave in one gather write: one sendmsg with a small header and the shared
//   payload of each frame. Pongs and the close frame go through the same queue, so no frame
//   ever cuts into another.
// - Reads: the socket is waited on until readable, then read into a buffer on the stack;
//   FrameReader keeps what a partial frame or message needs. An idle connection holds no
//   read buffer at all.
// - Close: close(code) sends what is queued, then a close frame, shuts its sending side down
//   and waits, at most kCloseTimeout, for the client to close its side.
//
// Threading: created on a shard and used only from that shard's thread.
#pragma once

#include "realtime/engineio_server.hpp"
#include "realtime/websocket_frame.hpp"
#include "util/compact_fifo.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace parley::realtime {

class EngineSession;

class WsTransport : public std::enable_shared_from_this<WsTransport> {
 public:
  // At most this many frames, or about this many bytes, per gather write.
  static constexpr std::size_t kBatchFrames = 64;
  static constexpr std::size_t kBatchBytes = 256 * 1024;
  // The longest a close takes (sending what is queued, the close handshake) before the
  // socket is closed regardless.
  static constexpr std::chrono::seconds kCloseTimeout{5};

  // The connection counts as open (parley_open_connections) from here until destruction: the
  // HTTP server stops counting it when it hands the upgrade over.
  WsTransport(boost::beast::tcp_stream stream, const EngineOptions& options);
  ~WsTransport();
  WsTransport(const WsTransport&) = delete;
  WsTransport& operator=(const WsTransport&) = delete;

  // Answers the WebSocket handshake of `req` (or refuses it); `done(ok)` runs on this shard.
  // Reading starts once it returns.
  void accept(const EngineServer::Request& req, std::function<void(bool)> done);
  // Hands what is read to `session` from now on.
  void start(std::shared_ptr<EngineSession> session);
  // Queues a frame; false when the queue would exceed its bound.
  bool send(const eio::Frame& frame);
  // Sends what is queued, then a close frame.
  void close(ws::CloseCode code);
  void detach() { session_.reset(); }
  // Keeps `connection` (the HTTP server's count of this TCP connection) until destruction.
  void keep(std::shared_ptr<void> connection) { connection_ = std::move(connection); }

 private:
  struct Outgoing {
    std::shared_ptr<const std::string> data;
    ws::Opcode opcode = ws::Opcode::kText;
  };
  enum class State {
    kOpen,
    kClosing,  // a close frame is queued (or sent); nothing else is queued any more
    kClosed,   // the socket is closed
  };

  void on_handshake(boost::system::error_code ec, bool accepted, const std::function<void(bool)>& done);
  void begin_reading();
  void wait_readable();
  void on_readable();
  void on_event(ws::ReadEvent& event);
  void schedule_write();
  void write_now();
  void on_written(std::size_t n);
  void queue_close(ws::CloseCode code, bool keep_queued);
  void drop_unsent();
  // Closes the socket; the session, if still attached, learns of it.
  void finish();
  void notify_closed();

  boost::asio::ip::tcp::socket socket_;
  ws::FrameReader reader_;
  util::CompactFifo<Outgoing> queue_;
  std::size_t queued_bytes_ = 0;  // payload bytes in queue_, the close frame aside
  std::size_t front_sent_ = 0;    // bytes of queue_.front(), header included, already sent
  const std::size_t max_queue_bytes_;
  State state_ = State::kOpen;
  bool reading_ = false;
  bool writing_ = false;                                    // a write is posted, or waits for the socket to take more
  std::unique_ptr<boost::asio::steady_timer> close_timer_;  // only while closing
  std::shared_ptr<EngineSession> session_;
  std::shared_ptr<void> connection_;
};

}  // namespace parley::realtime
