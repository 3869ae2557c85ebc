#include "realtime/websocket_transport.hpp"

#include "realtime/engineio_session.hpp"
#include "realtime/websocket_handshake.hpp"
#include "util/metrics.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <optional>

namespace parley::realtime {

namespace asio = boost::asio;
using util::Metrics;

namespace {

// Reads take up to this much at once, into a buffer on the stack of the reading call.
constexpr std::size_t kReadChunk = 64 * 1024;
// Full reads in a row before a busy connection lets the others of its shard run.
constexpr int kReadsPerTurn = 4;

std::size_t wire_size(const std::string& payload) {
  const std::size_t n = payload.size();
  return n + (n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10);
}

}  // namespace

WsTransport::WsTransport(boost::beast::tcp_stream stream, const EngineOptions& options)
    : socket_(stream.release_socket()), reader_(options.max_payload), max_queue_bytes_(options.max_queue_bytes) {
  Metrics::global().open_connections.add(1);
}

WsTransport::~WsTransport() { Metrics::global().open_connections.add(-1); }

void WsTransport::accept(const EngineServer::Request& req, std::function<void(bool)> done) {
  auto answer = ws::answer_upgrade(req);
  auto response = std::make_shared<const std::string>(std::move(answer.response));
  // A fresh connection's send buffer takes the short response at once, so this write needs no
  // timer of its own.
  asio::async_write(socket_, asio::buffer(*response),
                    [self = shared_from_this(), response, accepted = answer.accepted, done = std::move(done)](
                        boost::system::error_code ec, std::size_t) { self->on_handshake(ec, accepted, done); });
}

void WsTransport::on_handshake(boost::system::error_code ec, bool accepted, const std::function<void(bool)>& done) {
  boost::system::error_code ignored;
  if (ec || !accepted || state_ != State::kOpen) {
    state_ = State::kClosed;
    // The client reads the refusal; the socket closes with this object.
    (void)socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    done(false);
    return;
  }
  // From here on every read and write is non-blocking: this class waits for the socket itself.
  (void)socket_.non_blocking(true, ignored);
  if (ignored) {
    finish();
    done(false);
    return;
  }
  done(true);
  begin_reading();
}

void WsTransport::start(std::shared_ptr<EngineSession> session) {
  session_ = std::move(session);
  begin_reading();
}

// ---------------------------------------------------------------------------------------------
// Reading

void WsTransport::begin_reading() {
  if (reading_ || state_ == State::kClosed) return;
  reading_ = true;
  // Bytes may be waiting already (sent right after the handshake): read before waiting.
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_readable(); });
}

void WsTransport::wait_readable() {
  socket_.async_wait(asio::ip::tcp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
    if (self->state_ == State::kClosed) return;
    if (ec) {
      self->finish();
      return;
    }
    self->on_readable();
  });
}

void WsTransport::on_readable() {
  if (state_ == State::kClosed) return;
  // Shared by nothing: the bytes are parsed before this returns, and FrameReader copies out
  // what it keeps. Left uninitialised, as the read fills it.
  char buffer[kReadChunk];  // NOLINT(cppcoreguidelines-pro-type-member-init)
  ws::ReadEvent event;
  for (int round = 0; round < kReadsPerTurn; ++round) {
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(buffer, sizeof buffer), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      wait_readable();
      return;
    }
    if (ec) {  // the end of the stream, or a reset
      finish();
      return;
    }
    std::string_view bytes(buffer, n);
    while (!bytes.empty()) {
      bytes.remove_prefix(reader_.read(bytes, event));
      if (event.kind != ws::ReadEvent::Kind::kNone) on_event(event);
      if (state_ == State::kClosed) return;
    }
    // A short read emptied the socket's receive queue; what arrives later wakes the wait.
    if (n < sizeof buffer) {
      wait_readable();
      return;
    }
  }
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_readable(); });
}

void WsTransport::on_event(ws::ReadEvent& event) {
  using Kind = ws::ReadEvent::Kind;
  switch (event.kind) {
    case Kind::kText:
    case Kind::kBinary: {
      auto& m = Metrics::global();
      m.packets_in.add();
      m.bytes_in.add(static_cast<std::int64_t>(event.payload.size()));
      if (state_ != State::kOpen || !session_) return;
      auto session = session_;  // the callback may detach us
      session->on_ws_frame(this, std::move(event.payload), event.kind == Kind::kBinary);
      return;
    }
    case Kind::kPing:
      // Answered through the queue, after what is queued. A client that pings without
      // reading gets no more pongs once the queue is full (RFC 6455 §5.5.3 lets a pong answer
      // only the latest ping).
      if (state_ != State::kOpen || queued_bytes_ + event.payload.size() > max_queue_bytes_) return;
      queued_bytes_ += event.payload.size();
      queue_.push_back({std::make_shared<const std::string>(std::move(event.payload)), ws::Opcode::kPong});
      schedule_write();
      return;
    case Kind::kPong:
    case Kind::kNone:
      return;
    case Kind::kClose:
    case Kind::kError:
      // A close echoes the client's code (RFC 6455 §5.5.1), an error says what was wrong; when
      // we closed first, our close frame is on its way already.
      queue_close(event.code, false);
      notify_closed();
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

bool WsTransport::send(const eio::Frame& frame) {
  if (state_ != State::kOpen) return true;  // dropping after close is not an overflow
  if (queued_bytes_ + frame.data->size() > max_queue_bytes_ && !queue_.empty()) return false;
  queue_.push_back({frame.data, frame.binary ? ws::Opcode::kBinary : ws::Opcode::kText});
  queued_bytes_ += frame.data->size();
  schedule_write();
  return true;
}

void WsTransport::schedule_write() {
  if (writing_ || state_ == State::kClosed) return;
  writing_ = true;
  // At the end of this turn, so that the frames queued together leave together.
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->write_now(); });
}

void WsTransport::write_now() {
  while (!queue_.empty() && state_ != State::kClosed) {
    // The headers are recomputed from each frame's opcode and size, so nothing but the count
    // of bytes already sent survives a partial write.
    std::array<ws::FrameHeader, kBatchFrames> headers;
    std::array<iovec, 2 * kBatchFrames> iov{};
    std::size_t count = 0;
    std::size_t frames = 0;
    std::size_t bytes = 0;
    std::size_t skip = front_sent_;
    auto add = [&](const char* data, std::size_t size) {
      if (skip >= size) {
        skip -= size;
        return;
      }
      // iovec's base is not const; sendmsg only reads it.
      iov[count++] = iovec{const_cast<char*>(data + skip), size - skip};  // NOLINT
      bytes += size - skip;
      skip = 0;
    };
    for (; frames < queue_.size() && frames < kBatchFrames && bytes < kBatchBytes; ++frames) {
      const Outgoing& f = queue_[frames];
      headers[frames] = ws::encode_header(f.opcode, f.data->size());
      add(reinterpret_cast<const char*>(headers[frames].bytes.data()), headers[frames].size);
      add(f.data->data(), f.data->size());
    }
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = count;
    // sendmsg rather than asio's write_some, which gathers at most 64 buffers per call.
    const ssize_t n = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        socket_.async_wait(asio::ip::tcp::socket::wait_write,
                           [self = shared_from_this()](boost::system::error_code ec) {
                             if (self->state_ == State::kClosed) return;
                             if (ec) {
                               self->finish();
                               return;
                             }
                             self->write_now();
                           });
        return;
      }
      finish();  // the client is gone; the pending read fails too
      return;
    }
    on_written(static_cast<std::size_t>(n));
  }
  writing_ = false;
}

void WsTransport::on_written(std::size_t n) {
  front_sent_ += n;
  std::int64_t frames = 0;
  std::int64_t payload_bytes = 0;
  bool close_sent = false;
  while (!queue_.empty()) {
    const Outgoing& f = queue_.front();
    const std::size_t total = wire_size(*f.data);
    if (front_sent_ < total) break;
    front_sent_ -= total;
    if (f.opcode == ws::Opcode::kClose) {
      close_sent = true;
    } else {
      queued_bytes_ -= f.data->size();
      if (f.opcode != ws::Opcode::kPong) {
        ++frames;
        payload_bytes += static_cast<std::int64_t>(f.data->size());
      }
    }
    queue_.pop_front();
  }
  if (frames > 0) {
    auto& m = Metrics::global();
    m.packets_out.add(frames);
    m.bytes_out.add(payload_bytes);
  }
  if (close_sent) {
    // Nothing follows a close frame. The client closes its side once it reads it (and the
    // pending read sees the end), or the close timer ends the wait.
    boost::system::error_code ignored;
    (void)socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
}

// ---------------------------------------------------------------------------------------------
// Closing

void WsTransport::close(ws::CloseCode code) { queue_close(code, true); }

void WsTransport::queue_close(ws::CloseCode code, bool keep_queued) {
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  if (!keep_queued) drop_unsent();
  queue_.push_back({std::make_shared<const std::string>(ws::close_payload(code)), ws::Opcode::kClose});
  close_timer_ = std::make_unique<asio::steady_timer>(socket_.get_executor(), kCloseTimeout);
  close_timer_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->finish();
  });
  schedule_write();
  begin_reading();  // to see the client close its side
}

void WsTransport::drop_unsent() {
  if (queue_.empty()) return;
  // A frame partly sent has to be completed, or the client would read the next frame's bytes
  // as the rest of it.
  std::optional<Outgoing> partial;
  if (front_sent_ > 0) partial = std::move(queue_.front());
  queue_.clear();
  queued_bytes_ = 0;
  if (partial) {
    queued_bytes_ = partial->data->size();
    queue_.push_back(std::move(*partial));
  }
}

void WsTransport::finish() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  close_timer_.reset();
  boost::system::error_code ignored;
  (void)socket_.close(ignored);  // ends the pending waits
  queue_.clear();
  queued_bytes_ = 0;
  front_sent_ = 0;
  notify_closed();
}

void WsTransport::notify_closed() {
  if (auto session = std::move(session_)) session->on_ws_closed(this);
}

}  // namespace parley::realtime
