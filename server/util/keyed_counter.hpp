// Counts what is open per key (connections per client address, sockets per user) against a
// limit. acquire() hands out a Slot that gives its place back when it goes away, so a count
// cannot leak on an early return or a closed connection.
//
// Threading: thread-safe; every call takes one short lock and does no I/O.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::util {

// The counts, shared by the counter and its slots (a slot may outlive its counter).
struct KeyedCounterState {
  mutable std::mutex mutex;
  std::unordered_map<std::string, std::size_t> counts;  // guarded by mutex; no zero entries

  void release(const std::string& key) {
    std::lock_guard lock(mutex);
    auto it = counts.find(key);
    if (it == counts.end()) return;
    if (--it->second == 0) counts.erase(it);
  }
};

class KeyedCounter {
 public:
  // `limit` 0: no limit (acquire always succeeds and still counts).
  explicit KeyedCounter(std::size_t limit) : state_(std::make_shared<KeyedCounterState>()), limit_(limit) {}

  // One place for `key`; gives it back when destroyed or reset. Movable, not copyable.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept = default;
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        reset();
        state_ = std::move(other.state_);
        key_ = std::move(other.key_);
      }
      return *this;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { reset(); }
    bool held() const { return state_ != nullptr; }
    void reset() {
      if (auto s = std::move(state_)) s->release(key_);
    }

   private:
    friend class KeyedCounter;
    std::shared_ptr<KeyedCounterState> state_;
    std::string key_;
  };

  // A slot, or nothing when `key` already holds `limit` of them.
  std::optional<Slot> acquire(std::string_view key);
  std::size_t count(std::string_view key) const;
  std::size_t limit() const { return limit_; }

 private:
  std::shared_ptr<KeyedCounterState> state_;
  const std::size_t limit_;
};

inline std::optional<KeyedCounter::Slot> KeyedCounter::acquire(std::string_view key) {
  std::lock_guard lock(state_->mutex);
  auto [it, fresh] = state_->counts.try_emplace(std::string(key), 0);
  if (limit_ != 0 && it->second >= limit_) return std::nullopt;
  ++it->second;
  Slot slot;
  slot.state_ = state_;
  slot.key_ = it->first;
  return slot;
}

inline std::size_t KeyedCounter::count(std::string_view key) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->counts.find(std::string(key));
  return it == state_->counts.end() ? 0 : it->second;
}

}  // namespace parley::util
