// Engine.IO v4 packets: the codec for WebSocket frames and for long-polling payloads, where
// packets are joined by the record separator (0x1e) and binary packets travel as "b" + base64.
// Pure functions over untrusted input: malformed input yields nothing, never an exception.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::realtime::eio {

enum class PacketType : char {
  kOpen = '0',
  kClose = '1',
  kPing = '2',
  kPong = '3',
  kMessage = '4',
  kUpgrade = '5',
  kNoop = '6',
};

struct Packet {
  PacketType type = PacketType::kMessage;
  std::string data;     // text after the type character, or the raw bytes of a binary message
  bool binary = false;  // a binary message packet (only kMessage can be binary)
};

// One packet ready to go out, shared by every connection it is sent to. `data` is the whole
// frame: the type character and text for text packets, raw bytes for binary ones.
struct Frame {
  std::shared_ptr<const std::string> data;
  bool binary = false;

  static Frame text(std::string s) { return {std::make_shared<const std::string>(std::move(s)), false}; }
  static Frame bytes(std::string s) { return {std::make_shared<const std::string>(std::move(s)), true}; }
};

// A text WebSocket frame or one polling part. Nothing when the type character is unknown or
// the frame is empty.
std::optional<Packet> decode_text(std::string_view frame);

// A long-polling request body: at most `max_packets` packets. Nothing if any part is
// malformed (empty part, unknown type, bad base64).
std::optional<std::vector<Packet>> decode_payload(std::string_view body, std::size_t max_packets);

// A long-polling response body from queued frames.
std::string encode_payload(const std::vector<Frame>& frames);

}  // namespace parley::realtime::eio
