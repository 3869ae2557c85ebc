// Presence and rate limits whose calls run on a bounded pool of their own (the server's
// "outside" pool), in front of a backend that calls an outside service (bus/redis), so that a
// slow or stalled Redis can hold at most that pool's threads and queue, never every database
// worker: the callers are the chat's workers, which wait for the answers.
//
// A call that the pool refuses (its queue is full, or it looks stuck: its oldest queued call
// has waited past max_wait, or every thread has been on its call that long, as when the
// service stalls), a call whose answer takes longer than max_answer, and every call for
// pause_after_stall after that, are answered as the backend answers while its service
// is unreachable (redis_presence.hpp): state() offline, online_users() and receiving() empty,
// last_seen() unknown (and so every user of states()), take() and take_all() allow. touch()
// does not wait: it is queued or dropped. The calls that change this process's devices and
// receivers (connect, disconnect, receive, stop_receiving) must not be dropped, so they run on
// the caller's thread as before; they happen once per connection or join, not per message, and
// the backend keeps them in memory and writes them back when a write fails.
//
// Threading: as bus::Presence and bus::RateLimiter. The pool and the inner backends must
// outlive these.
#pragma once

#include "bus/presence.hpp"
#include "util/workers.hpp"

#include <atomic>
#include <chrono>

namespace parley::bus {

struct OffloadOptions {
  // A call queued, or every thread on its call, longer than this means the service stalls: new
  // calls get the fallback answer. Far above Redis's usual answer time (well under a millisecond).
  std::chrono::milliseconds max_wait{100};
  // A caller waits this long for an accepted call's answer, then takes the fallback; the call
  // finishes on its own. After that, every call gets the fallback at once for pause_after_stall.
  std::chrono::milliseconds max_answer{500};
  std::chrono::milliseconds pause_after_stall{1000};
};

// Fails calls fast for a while once one waited past max_answer (a circuit breaker).
class Breaker {
 public:
  // `fn`'s answer, computed on `pool`; `fallback` at once when the pool refuses or the breaker
  // is open, or after max_answer. `fn` owns what it uses.
  template <class T, class F>
  T ask(util::WorkerPool& pool, const OffloadOptions& options, F&& fn, T fallback);

 private:
  std::atomic<std::chrono::steady_clock::rep> open_until_{0};
};

class OffloadedPresence final : public Presence {
 public:
  OffloadedPresence(Presence& inner, util::WorkerPool& pool, OffloadOptions options = {})
      : inner_(inner), pool_(pool), options_(options) {}

  void watch(Watcher watcher) override { inner_.watch(std::move(watcher)); }
  bool connect(std::string_view user_id, std::int64_t now_ms) override { return inner_.connect(user_id, now_ms); }
  bool disconnect(std::string_view user_id, std::int64_t now_ms) override { return inner_.disconnect(user_id, now_ms); }
  void touch(std::string_view user_id, std::int64_t now_ms) override;
  PresenceState state(std::string_view user_id, std::int64_t now_ms) const override;
  std::vector<std::string> online_users() const override;
  std::optional<std::int64_t> last_seen(std::string_view user_id) const override;
  std::vector<UserPresence> states(const std::vector<std::string>& users, std::int64_t now_ms) const override;
  void receive(std::string_view user_id, std::string_view scope) override { inner_.receive(user_id, scope); }
  void stop_receiving(std::string_view user_id, std::string_view scope) override {
    inner_.stop_receiving(user_id, scope);
  }
  std::vector<std::string> receiving(const std::vector<std::string>& users, std::string_view chat_id) const override;

 private:
  Presence& inner_;
  util::WorkerPool& pool_;
  const OffloadOptions options_;
  mutable Breaker breaker_;
};

class OffloadedRateLimiter final : public RateLimiter {
 public:
  OffloadedRateLimiter(RateLimiter& inner, util::WorkerPool& pool, OffloadOptions options = {})
      : inner_(inner), pool_(pool), options_(options) {}

  std::size_t take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                   std::size_t wanted) override;
  std::size_t take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                       std::size_t wanted) override;

 private:
  RateLimiter& inner_;
  util::WorkerPool& pool_;
  const OffloadOptions options_;
  Breaker breaker_;
};

}  // namespace parley::bus
