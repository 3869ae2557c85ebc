// Fuzzes the WebSocket frame reader with untrusted client bytes. The first input byte picks how
// the rest is cut into reads; besides "no crash, no sanitizer report", it checks properties:
// every call makes progress, the events are the same however the bytes are cut, nothing follows
// a close or an error, text is valid UTF-8, and nothing exceeds its limit.
#include "realtime/websocket_frame.hpp"
#include "util/utf8.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace parley::realtime;

namespace {

constexpr std::size_t kMaxMessage = 1024;

void check(bool ok) {
  if (!ok) std::abort();
}

struct Seen {
  ws::ReadEvent::Kind kind;
  std::string payload;
  ws::CloseCode code;
  bool operator==(const Seen&) const = default;
};

// Reads `bytes` in pieces whose sizes cycle through `cuts` (all at once when empty).
std::vector<Seen> read_all(std::string_view bytes, const std::vector<std::size_t>& cuts) {
  ws::FrameReader reader(kMaxMessage);
  std::vector<Seen> seen;
  bool finished = false;
  std::size_t cut = 0;
  while (!bytes.empty()) {
    const std::size_t piece = cuts.empty() ? bytes.size() : cuts[cut++ % cuts.size()];
    std::string_view part = bytes.substr(0, piece);
    bytes.remove_prefix(part.size());
    while (!part.empty()) {
      ws::ReadEvent event;
      const std::size_t n = reader.read(part, event);
      check(n > 0 && n <= part.size());
      part.remove_prefix(n);
      if (event.kind == ws::ReadEvent::Kind::kNone) continue;
      check(!finished);  // nothing after a close or an error
      switch (event.kind) {
        case ws::ReadEvent::Kind::kText:
          check(parley::util::is_valid_utf8(event.payload));
          [[fallthrough]];
        case ws::ReadEvent::Kind::kBinary:
          check(event.payload.size() <= kMaxMessage);
          break;
        case ws::ReadEvent::Kind::kPing:
          check(event.payload.size() <= ws::kMaxControlPayload);
          break;
        case ws::ReadEvent::Kind::kClose:
        case ws::ReadEvent::Kind::kError:
          finished = true;
          break;
        case ws::ReadEvent::Kind::kPong:
        case ws::ReadEvent::Kind::kNone:
          break;
      }
      seen.push_back(Seen{event.kind, std::move(event.payload), event.code});
    }
  }
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto whole = read_all(input, {});
  // Cut sizes from 1 to 8 bytes, taken from the first byte.
  const std::vector<std::size_t> cuts = {1u + (data[0] & 7u), 1u + ((data[0] >> 3) & 7u), 1u + (data[0] >> 6)};
  check(read_all(input, cuts) == whole);
  check(read_all(input, {1}) == whole);
  return 0;
}
