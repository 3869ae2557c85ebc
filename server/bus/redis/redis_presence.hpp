// Presence and rate limits for the cluster shape, kept in Redis so that every `parley` process
// sees the same answers. Used through bus::Presence and bus::RateLimiter, like bus/local.
//
// Presence: each process (instance) has a random id and a liveness key
// `<prefix>instance:<id>` that expires after `instance_timeout` unless its heartbeat thread
// renews it. A user's devices are counted per instance in the hash `<prefix>presence:<user>`
// (instance -> devices); only instances whose liveness key exists count, so the users of a
// process that died (kill -9) go offline within instance_timeout. The heartbeat also sweeps
// out what dead instances left behind (any instance may, the work is idempotent); their users'
// last_seen is when that was noticed: the now_ms of the call, or the wall clock. Each
// operation is one Lua script, so first-device and last-device transitions are seen exactly
// once across all instances. Other keys: `<prefix>online` (set of online users),
// `<prefix>active:<user>` (last activity, ms), `<prefix>last_seen:<user>` (ms, kept a day).
// The scripts build key names from the prefix, so they suit a single Redis server, not
// Redis Cluster.
//
// Transitions are announced from inside the scripts on the channel `<prefix>presence`, which
// every instance subscribes to, so all instances (the one that made the change too) hear them
// in the order Redis applied them; watch() receives them.
//
// Each instance also keeps its own count of its devices per user. Redis holds presence in
// memory only; when the heartbeat finds the liveness key gone (Redis restarted, or this
// process stalled past instance_timeout and was swept out), or an update failed because Redis
// was unreachable, the instance writes its devices back and announces who came back online.
//
// When Redis cannot be reached, calls answer at once as if nobody were online: connect and
// disconnect report no transition, state() is kOffline, online_users() is empty, last_seen()
// is unknown (and so are those of states()). Showing people offline for the length of an
// outage is the lesser harm next to showing them online forever. The rate limiter allows: an
// outage must not silence everyone.
//
// Threading: every method may be called from any thread; RedisPresence owns its heartbeat
// thread. The RedisClient must outlive the objects using it. Destroying a RedisPresence stops
// the heartbeat without disconnecting its users: they go offline when the liveness key
// expires, as after a crash, unless the process disconnected them first.
#pragma once

#include "bus/presence.hpp"
#include "bus/redis/redis_client.hpp"
#include "bus/redis/redis_pubsub.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace parley::bus {

class RedisPresence final : public Presence {
 public:
  struct Options {
    std::string prefix = "parley:";
    std::chrono::milliseconds instance_timeout{10'000};  // the liveness key's time to live
    std::chrono::milliseconds heartbeat_interval{3'000};
  };

  RedisPresence(RedisClient& client, std::int64_t away_after_ms, Options options);
  RedisPresence(RedisClient& client, std::int64_t away_after_ms) : RedisPresence(client, away_after_ms, Options{}) {}
  ~RedisPresence() override;
  RedisPresence(const RedisPresence&) = delete;
  RedisPresence& operator=(const RedisPresence&) = delete;

  void watch(Watcher watcher) override;
  bool connect(std::string_view user_id, std::int64_t now_ms) override;
  bool disconnect(std::string_view user_id, std::int64_t now_ms) override;
  void touch(std::string_view user_id, std::int64_t now_ms) override;
  PresenceState state(std::string_view user_id, std::int64_t now_ms) const override;
  std::vector<std::string> online_users() const override;
  std::optional<std::int64_t> last_seen(std::string_view user_id) const override;
  // One script per 500 users.
  std::vector<UserPresence> states(const std::vector<std::string>& users, std::int64_t now_ms) const override;
  void receive(std::string_view user_id, std::string_view scope) override;
  void stop_receiving(std::string_view user_id, std::string_view scope) override;
  std::vector<std::string> receiving(const std::vector<std::string>& users, std::string_view chat_id) const override;

  const std::string& instance_id() const { return instance_id_; }
  // True once Redis confirmed the subscription to the presence channel: from then on, this
  // process hears every transition. For tests and readiness checks.
  bool announcing() const { return pubsub_.subscribed(channel_); }

 private:
  void heartbeat();  // renews the liveness key and sweeps out dead instances' users
  RedisReply sweep(bool list_online) const;
  // Writes this instance's devices of the unsynced users (all users when Redis lost them) back.
  void resync(bool lost_everything);
  void announced(std::string_view payload);  // on the subscriber thread
  // Writes this instance's receivers of `user` to Redis; false when Redis did not take it.
  // Called with devices_mutex_ held.
  bool write_receivers(const std::string& user);

  RedisClient& client_;
  const std::int64_t away_after_ms_;
  const Options options_;
  const std::string instance_id_;
  const std::string ttl_ms_;   // instance_timeout as a script argument
  const std::string channel_;  // where transitions are announced

  std::mutex watcher_mutex_;
  Watcher watcher_;  // guarded by watcher_mutex_

  // Held across each device update and its script, so that Redis sees them in this order.
  std::mutex devices_mutex_;
  std::unordered_map<std::string, int> devices_;  // guarded by devices_mutex_: user -> devices here
  std::unordered_set<std::string> unsynced_;      // guarded by devices_mutex_: Redis may disagree
  // guarded by devices_mutex_: user -> scope -> devices here receiving it (counts above zero)
  std::unordered_map<std::string, std::unordered_map<std::string, int>> receivers_;
  std::unordered_set<std::string> unsynced_receivers_;  // guarded by devices_mutex_

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;    // guarded by mutex_
  bus::RedisPubSub pubsub_;  // after what its handler uses
  std::thread heartbeat_thread_;
};

// A token bucket per key in the hash `<prefix>rate:<key>`, taken from in one Lua script; a
// bucket's key expires once it would have refilled, so idle keys cost nothing.
class RedisRateLimiter final : public RateLimiter {
 public:
  explicit RedisRateLimiter(RedisClient& client, std::string prefix = "parley:")
      : client_(client), prefix_(std::move(prefix)) {}
  std::size_t take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                   std::size_t wanted) override;
  std::size_t take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                       std::size_t wanted) override;

 private:
  // The bucket script's answer (`wanted` when Redis cannot be reached).
  std::size_t run_bucket(std::string_view key, double per_second, double burst, std::int64_t now_ms, std::size_t wanted,
                         bool all);

  RedisClient& client_;
  const std::string prefix_;
};

}  // namespace parley::bus
