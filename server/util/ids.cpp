#include "util/ids.hpp"

#include "util/random.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <chrono>
#include <ctime>

namespace parley::util {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The 12 bits after the milliseconds are a counter (RFC 9562 §6.2, method 1): the ids one
// process makes sort in the order it made them, also within one millisecond (lists "the latest
// first" by id rely on it). 4,096 ids in one millisecond move the time on by one.
std::string uuid_v7() {
  static std::atomic<std::uint64_t> last{0};  // milliseconds << 12 | counter, of the latest id
  const auto now = static_cast<std::uint64_t>(now_ms()) << 12;
  auto previous = last.load(std::memory_order_relaxed);
  std::uint64_t stamp = 0;
  do {
    stamp = now > previous ? now : previous + 1;
  } while (!last.compare_exchange_weak(previous, stamp, std::memory_order_relaxed));
  const std::uint64_t ms = stamp >> 12;
  const std::uint64_t counter = stamp & 0xFFF;
  const std::uint64_t r1 = random_u64();
  const std::uint64_t r2 = random_u64();
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | (counter >> 8));  // version 7
  b[7] = static_cast<std::uint8_t>(counter);
  b[8] = static_cast<std::uint8_t>(0x80 | ((r1 >> 16) & 0x3F));  // variant 10
  for (int i = 9; i < 16; ++i) b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(r2 >> (8 * (i - 9)));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0F];
  }
  return out;
}

bool is_uuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string iso8601(std::int64_t epoch_ms) {
  const std::time_t secs = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(epoch_ms % 1000));
}

}  // namespace parley::util
