#include "realtime/engineio_packet.hpp"

#include "util/base64.hpp"

namespace parley::realtime::eio {
namespace {

constexpr char kSeparator = '\x1e';

bool known_type(char c) { return c >= '0' && c <= '6'; }

}  // namespace

std::optional<Packet> decode_text(std::string_view frame) {
  if (frame.empty() || !known_type(frame[0])) return std::nullopt;
  return Packet{static_cast<PacketType>(frame[0]), std::string(frame.substr(1)), false};
}

std::optional<std::vector<Packet>> decode_payload(std::string_view body, std::size_t max_packets) {
  std::vector<Packet> packets;
  std::size_t start = 0;
  while (true) {
    if (packets.size() >= max_packets) return std::nullopt;
    const std::size_t end = body.find(kSeparator, start);
    const std::string_view part = body.substr(start, end == std::string_view::npos ? body.npos : end - start);
    if (part.empty()) return std::nullopt;
    if (part[0] == 'b') {
      auto bytes = util::base64_decode(part.substr(1));
      if (!bytes) return std::nullopt;
      packets.push_back(Packet{PacketType::kMessage, std::move(*bytes), true});
    } else {
      auto packet = decode_text(part);
      if (!packet) return std::nullopt;
      packets.push_back(std::move(*packet));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return packets;
}

std::string encode_payload(const std::vector<Frame>& frames) {
  std::size_t size = 0;
  for (const auto& f : frames) size += f.data->size() * (f.binary ? 2 : 1) + 2;
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (i > 0) out += kSeparator;
    if (frames[i].binary) {
      out += 'b';
      out += util::base64_encode(*frames[i].data);
    } else {
      out += *frames[i].data;
    }
  }
  return out;
}

}  // namespace parley::realtime::eio
