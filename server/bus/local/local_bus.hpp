// In-process presence and rate limits for the embedded shape. Each keeps its state in a map
// behind one mutex; the critical sections are a few map operations.
#pragma once

#include "bus/presence.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace parley::bus {

class LocalPresence final : public Presence {
 public:
  explicit LocalPresence(std::int64_t away_after_ms) : away_after_ms_(away_after_ms) {}
  void watch(Watcher watcher) override { watcher_ = std::move(watcher); }
  bool connect(std::string_view user_id, std::int64_t now_ms) override;
  bool disconnect(std::string_view user_id, std::int64_t now_ms) override;
  void touch(std::string_view user_id, std::int64_t now_ms) override;
  PresenceState state(std::string_view user_id, std::int64_t now_ms) const override;
  std::vector<std::string> online_users() const override;
  std::optional<std::int64_t> last_seen(std::string_view user_id) const override;
  std::vector<UserPresence> states(const std::vector<std::string>& users, std::int64_t now_ms) const override;
  void receive(std::string_view user_id, std::string_view scope) override;
  void stop_receiving(std::string_view user_id, std::string_view scope) override;
  std::vector<std::string> receiving(const std::vector<std::string>& users, std::string_view chat_id) const override;

 private:
  struct Entry {
    int devices = 0;
    std::int64_t last_active = 0;
  };
  // state() of `user_id`. Called with mutex_ held.
  PresenceState state_of(const std::string& user_id, std::int64_t now_ms) const;

  const std::int64_t away_after_ms_;
  Watcher watcher_;  // set before use
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> users_;             // guarded by mutex_; only users with devices
  std::unordered_map<std::string, std::int64_t> last_seen_;  // guarded by mutex_; users who left
  // guarded by mutex_: "<user> <scope>" -> devices receiving it; only counts above zero
  std::unordered_map<std::string, int> receivers_;
};

class LocalRateLimiter final : public RateLimiter {
 public:
  std::size_t take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                   std::size_t wanted) override;
  std::size_t take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                       std::size_t wanted) override;

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated = 0;
  };
  // `key`'s bucket, refilled up to now_ms. Called with mutex_ held.
  Bucket& refilled(std::string_view key, double per_second, double burst, std::int64_t now_ms);
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mutex_
  std::int64_t last_sweep_ = 0;                      // guarded by mutex_
};

}  // namespace parley::bus
