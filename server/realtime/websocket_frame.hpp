// The WebSocket frame codec (RFC 6455 §5) for the server's side of a connection: the headers
// of the frames the server sends (final, unmasked: a message is one frame), and FrameReader,
// which turns the client's bytes into messages and control frames and checks everything RFC
// 6455 asks of a server (client frames masked, reserved bits clear since no extension is
// negotiated, known opcodes, control frames short and unfragmented, continuation frames only
// inside a message, a message size limit, text in UTF-8). WsTransport uses both.
//
// Pure code over untrusted bytes: a violation is a result (the close code to fail the
// connection with), never an exception. Threading: none of its own; a FrameReader belongs to
// one connection.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::realtime::ws {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// The close codes the server sends or has to recognise (RFC 6455 §7.4.1).
enum class CloseCode : std::uint16_t {
  kNormal = 1000,
  kGoingAway = 1001,
  kProtocolError = 1002,
  kNoStatus = 1005,  // never on the wire: a close frame without a code
  kInvalidPayload = 1007,
  kPolicyViolation = 1008,
  kTooBig = 1009,
};

// The largest payload of a control frame.
inline constexpr std::size_t kMaxControlPayload = 125;

// The header of one final, unmasked frame: 2 bytes up to 125 bytes of payload, 4 up to
// 65535, 10 beyond.
struct FrameHeader {
  std::array<unsigned char, 10> bytes{};
  std::size_t size = 0;
  std::string_view view() const { return {reinterpret_cast<const char*>(bytes.data()), size}; }
};
FrameHeader encode_header(Opcode opcode, std::uint64_t payload_size) noexcept;

// The payload of a close frame with `code` (big-endian, no reason), or nothing for kNoStatus.
std::string close_payload(CloseCode code);

// True for a code a client may put in a close frame (1000-1014 but 1004-1006, 3000-4999).
bool is_valid_close_code(std::uint16_t code) noexcept;

// What FrameReader::read completed.
struct ReadEvent {
  enum class Kind {
    kNone,    // nothing complete yet: every byte was taken
    kText,    // a whole text message (valid UTF-8) in `payload`
    kBinary,  // a whole binary message in `payload`
    kPing,    // a ping; `payload` is what the pong must carry
    kPong,
    kClose,  // the client closes; `code` is its code (kNoStatus when it sent none)
    kError,  // the client broke the protocol; `code` is the code to close with
  };
  Kind kind = Kind::kNone;
  std::string payload;
  CloseCode code = CloseCode::kNoStatus;
};

class FrameReader {
 public:
  // Messages larger than `max_message_bytes` (all their fragments together) fail with
  // kTooBig as soon as a frame header announces it.
  explicit FrameReader(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

  // Takes bytes from the front of `bytes` up to the end of the next message, control frame
  // or error, or all of them when none completes; returns how many it took and sets `event`.
  // Partial frames and fragmented messages are kept between calls, so the caller keeps none
  // of the bytes. After kClose or kError every further byte is taken and ignored.
  std::size_t read(std::string_view bytes, ReadEvent& event);

  // The reader holds nothing of a frame or message in progress.
  bool idle() const { return state_ == State::kHeader && header_size_ == 0 && !in_message_; }

 private:
  enum class State { kHeader, kPayload, kDone };

  // The first two header bytes are in: checks them and sets header_need_.
  bool check_start(ReadEvent& event);
  // The whole header is in: checks the length and size limit, takes the mask.
  bool check_header(ReadEvent& event);
  // The payload of the current frame is complete.
  void finish_frame(ReadEvent& event);
  void finish_close(ReadEvent& event);
  void fail(ReadEvent& event, CloseCode code);

  const std::size_t max_message_;
  State state_ = State::kHeader;
  std::array<unsigned char, 14> header_{};
  std::size_t header_size_ = 0;
  std::size_t header_need_ = 2;
  // The frame being read.
  Opcode opcode_ = Opcode::kContinuation;
  bool fin_ = false;
  std::uint64_t remaining_ = 0;
  std::array<unsigned char, 4> mask_{};
  std::size_t mask_offset_ = 0;
  // The message being reassembled, released when handed out; and a control frame's payload
  // (control frames may come between the fragments of a message).
  bool in_message_ = false;
  Opcode message_opcode_ = Opcode::kText;
  std::string message_;
  std::string control_;
};

}  // namespace parley::realtime::ws
