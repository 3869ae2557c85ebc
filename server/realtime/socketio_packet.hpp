// Socket.IO v5 packets: "<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]". The decoder
// validates everything the protocol specification requires (type, namespace, ack id, payload
// shape per type, attachment count, JSON depth); malformed input yields an error, never an
// exception. Binary attachments travel in separate Engine.IO packets after the text part and
// are referenced from the JSON by {"_placeholder":true,"num":N}.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::realtime::sio {

enum class PacketType : std::uint8_t {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

using Binary = std::shared_ptr<const std::string>;

struct Packet {
  PacketType type = PacketType::kEvent;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;
  std::size_t attachments = 0;  // binary attachments that follow (binary types only)
  boost::json::value data;      // null when the packet has no payload
  bool has_data = false;
};

struct DecodeLimits {
  std::size_t max_attachments = 16;
  std::size_t max_json_depth = 32;
};

struct DecodeResult {
  std::optional<Packet> packet;
  std::string_view error;  // set when packet is empty
};

DecodeResult decode(std::string_view text, const DecodeLimits& limits);

// The text part of a packet (without the Engine.IO type character).
std::string encode(const Packet& packet);

// Ack ids are JavaScript numbers on the client; anything above 2^53 is refused.
constexpr std::uint64_t kMaxAckId = (std::uint64_t{1} << 53) - 1;

// The index of a binary placeholder, or nothing when `v` is not one.
std::optional<std::size_t> placeholder_index(const boost::json::value& v);
boost::json::value make_placeholder(std::size_t index);

// Checks that every placeholder in `v` refers to an attachment below `count` and that each
// attachment is referenced; used on decoded binary packets.
bool placeholders_valid(const boost::json::value& v, std::size_t count);

}  // namespace parley::realtime::sio
