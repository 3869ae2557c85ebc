// The time the domain reads, injected so that tests can set it: SystemClock in the server,
// FakeClock in tests. Safe from any thread.
#pragma once

#include "util/ids.hpp"

#include <atomic>
#include <cstdint>

namespace parley::util {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return util::now_ms(); }
};

// The process's system clock.
inline Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

// Stands still until a test moves it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void set(std::int64_t ms) { now_.store(ms); }
  void advance(std::int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace parley::util
