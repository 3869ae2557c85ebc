// Fuzzes the Engine.IO and Socket.IO decoders with untrusted bytes. Besides "no crash, no
// sanitizer report", it checks properties: a decoded Socket.IO packet re-encodes to text that
// decodes to the same packet, and long-polling payloads round-trip through the encoder.
#include "realtime/engineio_packet.hpp"
#include "realtime/socketio_packet.hpp"
#include "util/base64.hpp"
#include "util/utf8.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace parley;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      realtime::sio::DecodeLimits limits;
      limits.max_attachments = 8;
      limits.max_json_depth = 16;
      auto r = realtime::sio::decode(input, limits);
      if (r.packet) {
        const auto text = realtime::sio::encode(*r.packet);
        auto again = realtime::sio::decode(text, limits);
        // Same packet again; the JSON text itself may differ in how a double is printed.
        check(again.packet.has_value());
        check(again.packet->type == r.packet->type && again.packet->nsp == r.packet->nsp &&
              again.packet->id == r.packet->id && again.packet->attachments == r.packet->attachments &&
              again.packet->data.kind() == r.packet->data.kind());
      } else {
        check(!r.error.empty());
      }
      break;
    }
    case 1: {
      auto packets = realtime::eio::decode_payload(input, 64);
      if (packets) {
        std::vector<realtime::eio::Frame> frames;
        for (const auto& p : *packets) {
          frames.push_back(p.binary ? realtime::eio::Frame::bytes(p.data)
                                    : realtime::eio::Frame::text(std::string(1, static_cast<char>(p.type)) + p.data));
        }
        auto again = realtime::eio::decode_payload(realtime::eio::encode_payload(frames), 64);
        check(again && again->size() == packets->size());
      }
      break;
    }
    case 2: {
      (void)realtime::eio::decode_text(input);
      (void)util::is_valid_utf8(input);
      break;
    }
    case 3: {
      auto decoded = util::base64_decode(input);
      if (decoded) check(util::base64_decode(util::base64_encode(*decoded)) == decoded);
      check(util::base64_decode(util::base64_encode(input)) == input);
      break;
    }
  }
  return 0;
}
