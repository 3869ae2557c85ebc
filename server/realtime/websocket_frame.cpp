#include "realtime/websocket_frame.hpp"

#include "util/utf8.hpp"

#include <algorithm>

namespace parley::realtime::ws {

namespace {

constexpr unsigned char kFin = 0x80;
constexpr unsigned char kReservedBits = 0x70;
constexpr unsigned char kOpcodeBits = 0x0F;
constexpr unsigned char kMaskBit = 0x80;
constexpr unsigned char kLengthBits = 0x7F;

bool is_control(Opcode op) { return (static_cast<unsigned>(op) & 0x8U) != 0; }

bool is_known(unsigned op) {
  switch (static_cast<Opcode>(op)) {
    case Opcode::kContinuation:
    case Opcode::kText:
    case Opcode::kBinary:
    case Opcode::kClose:
    case Opcode::kPing:
    case Opcode::kPong:
      return true;
  }
  return false;
}

// Appends `n` bytes of `in` to `out`, unmasked with `mask` from position `offset` of the
// payload; returns the position after them.
std::size_t append_unmasked(std::string& out, const char* in, std::size_t n, const std::array<unsigned char, 4>& mask,
                            std::size_t offset) {
  const std::size_t start = out.size();
  out.append(in, n);
  char* p = out.data() + start;
  std::size_t i = 0;
  // Eight bytes at a time, with the mask turned to where this chunk starts.
  std::array<unsigned char, 8> wide{};
  for (std::size_t k = 0; k < wide.size(); ++k) wide[k] = mask[(offset + k) & 3];
  std::uint64_t key = 0;
  __builtin_memcpy(&key, wide.data(), sizeof key);
  for (; i + 8 <= n; i += 8) {
    std::uint64_t chunk = 0;
    __builtin_memcpy(&chunk, p + i, sizeof chunk);
    chunk ^= key;
    __builtin_memcpy(p + i, &chunk, sizeof chunk);
  }
  for (; i < n; ++i) p[i] = static_cast<char>(static_cast<unsigned char>(p[i]) ^ mask[(offset + i) & 3]);
  return offset + n;
}

}  // namespace

FrameHeader encode_header(Opcode opcode, std::uint64_t payload_size) noexcept {
  FrameHeader h;
  h.bytes[0] = static_cast<unsigned char>(kFin | static_cast<unsigned char>(opcode));
  if (payload_size <= 125) {
    h.bytes[1] = static_cast<unsigned char>(payload_size);
    h.size = 2;
  } else if (payload_size <= 0xFFFF) {
    h.bytes[1] = 126;
    h.bytes[2] = static_cast<unsigned char>(payload_size >> 8);
    h.bytes[3] = static_cast<unsigned char>(payload_size);
    h.size = 4;
  } else {
    h.bytes[1] = 127;
    for (std::size_t i = 0; i < 8; ++i) h.bytes[2 + i] = static_cast<unsigned char>(payload_size >> (56 - 8 * i));
    h.size = 10;
  }
  return h;
}

std::string close_payload(CloseCode code) {
  if (code == CloseCode::kNoStatus) return {};
  const auto c = static_cast<std::uint16_t>(code);
  return {static_cast<char>(c >> 8), static_cast<char>(c & 0xFF)};
}

bool is_valid_close_code(std::uint16_t code) noexcept {
  return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006) ||
         (code >= 3000 && code <= 4999);
}

std::size_t FrameReader::read(std::string_view bytes, ReadEvent& event) {
  event.kind = ReadEvent::Kind::kNone;
  event.payload.clear();
  if (state_ == State::kDone) return bytes.size();
  std::size_t taken = 0;
  while (taken < bytes.size()) {
    if (state_ == State::kHeader) {
      const std::size_t n = std::min(header_need_ - header_size_, bytes.size() - taken);
      std::copy_n(bytes.data() + taken, n, header_.data() + header_size_);
      header_size_ += n;
      taken += n;
      if (header_size_ < header_need_) break;
      if (header_need_ == 2) {
        if (!check_start(event)) return bytes.size();
        continue;  // the rest of the header (at least the mask) follows
      }
      if (!check_header(event)) return bytes.size();
      if (remaining_ == 0) {
        finish_frame(event);
        if (event.kind != ReadEvent::Kind::kNone) return state_ == State::kDone ? bytes.size() : taken;
      }
      continue;
    }
    // The payload.
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size() - taken));
    std::string& into = is_control(opcode_) ? control_ : message_;
    mask_offset_ = append_unmasked(into, bytes.data() + taken, n, mask_, mask_offset_);
    remaining_ -= n;
    taken += n;
    if (remaining_ == 0) {
      finish_frame(event);
      if (event.kind != ReadEvent::Kind::kNone) return state_ == State::kDone ? bytes.size() : taken;
    }
  }
  return taken;
}

bool FrameReader::check_start(ReadEvent& event) {
  const unsigned char b0 = header_[0];
  const unsigned char b1 = header_[1];
  fin_ = (b0 & kFin) != 0;
  const unsigned op = b0 & kOpcodeBits;
  const unsigned length = b1 & kLengthBits;
  // No extension is negotiated, so the reserved bits stay clear; clients always mask.
  if ((b0 & kReservedBits) != 0 || !is_known(op) || (b1 & kMaskBit) == 0) {
    fail(event, CloseCode::kProtocolError);
    return false;
  }
  opcode_ = static_cast<Opcode>(op);
  if (is_control(opcode_)) {
    if (!fin_ || length > kMaxControlPayload) {
      fail(event, CloseCode::kProtocolError);
      return false;
    }
  } else if ((opcode_ == Opcode::kContinuation) != in_message_) {
    // A continuation outside a message, or a new message before the last one ended.
    fail(event, CloseCode::kProtocolError);
    return false;
  }
  const std::size_t extended = length == 126 ? 2 : length == 127 ? 8 : 0;
  header_need_ = 2 + extended + 4;
  return true;
}

bool FrameReader::check_header(ReadEvent& event) {
  const unsigned length = header_[1] & kLengthBits;
  std::uint64_t size = length;
  std::size_t at = 2;
  if (length == 126) {
    size = (std::uint64_t{header_[2]} << 8) | header_[3];
    at = 4;
    if (size < 126) {  // lengths use the shortest form (RFC 6455 §5.2)
      fail(event, CloseCode::kProtocolError);
      return false;
    }
  } else if (length == 127) {
    size = 0;
    for (std::size_t i = 0; i < 8; ++i) size = (size << 8) | header_[2 + i];
    at = 10;
    if ((size >> 63) != 0 || size <= 0xFFFF) {
      fail(event, CloseCode::kProtocolError);
      return false;
    }
  }
  if (!is_control(opcode_) && size > max_message_ - std::min(message_.size(), max_message_)) {
    fail(event, CloseCode::kTooBig);
    return false;
  }
  std::copy_n(header_.data() + at, mask_.size(), mask_.data());
  mask_offset_ = 0;
  remaining_ = size;
  header_size_ = 0;
  header_need_ = 2;
  state_ = State::kPayload;
  if (!is_control(opcode_) && !in_message_) {
    in_message_ = true;
    message_opcode_ = opcode_;
  }
  return true;
}

void FrameReader::finish_frame(ReadEvent& event) {
  state_ = State::kHeader;
  switch (opcode_) {
    case Opcode::kPing:
      event.kind = ReadEvent::Kind::kPing;
      event.payload = std::move(control_);
      control_ = std::string();
      return;
    case Opcode::kPong:
      event.kind = ReadEvent::Kind::kPong;
      control_ = std::string();
      return;
    case Opcode::kClose:
      finish_close(event);
      return;
    case Opcode::kContinuation:
    case Opcode::kText:
    case Opcode::kBinary:
      break;
  }
  if (!fin_) return;  // more fragments follow
  in_message_ = false;
  if (message_opcode_ == Opcode::kText && !util::is_valid_utf8(message_)) {
    fail(event, CloseCode::kInvalidPayload);
    return;
  }
  event.kind = message_opcode_ == Opcode::kText ? ReadEvent::Kind::kText : ReadEvent::Kind::kBinary;
  event.payload = std::move(message_);
  message_ = std::string();  // an idle connection holds no message buffer
}

void FrameReader::finish_close(ReadEvent& event) {
  const std::string payload = std::move(control_);
  control_ = std::string();
  if (payload.size() == 1) {
    fail(event, CloseCode::kProtocolError);
    return;
  }
  CloseCode code = CloseCode::kNoStatus;
  if (payload.size() >= 2) {
    const auto c = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                              static_cast<unsigned char>(payload[1]));
    if (!is_valid_close_code(c)) {
      fail(event, CloseCode::kProtocolError);
      return;
    }
    if (!util::is_valid_utf8(std::string_view(payload).substr(2))) {
      fail(event, CloseCode::kInvalidPayload);
      return;
    }
    code = static_cast<CloseCode>(c);
  }
  event.kind = ReadEvent::Kind::kClose;
  event.code = code;
  state_ = State::kDone;
  message_ = std::string();
}

void FrameReader::fail(ReadEvent& event, CloseCode code) {
  event.kind = ReadEvent::Kind::kError;
  event.code = code;
  state_ = State::kDone;
  message_ = std::string();
  control_ = std::string();
}

}  // namespace parley::realtime::ws
