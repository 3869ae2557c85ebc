// Fan-out between `parley` processes over Redis pub/sub: every instance subscribes to the
// channels of the rooms it has sockets in, and what one instance publishes reaches all
// instances subscribed at that moment (at most once: Redis keeps nothing for a subscriber
// that is away).
//
// RedisPubSub owns one subscriber connection and the thread that reads it; the message
// handler runs on that thread, one message at a time, so it should only hand the message on
// (post it to the sockets' threads). When the connection breaks (a Redis restart), the thread
// reconnects with a bounded backoff and subscribes again to every channel it had; messages
// published in between are lost, as the realtime layer's resync on reconnect expects.
// Channel names and payloads are binary-safe.
//
// Threading: publish, subscribe, unsubscribe and subscribed may be called from any thread.
// publish goes through the RedisClient (which must outlive this object) and returns false at
// once while Redis is unreachable. Errors: the constructor throws std::system_error when it
// cannot create its wake-up descriptor (start-up); nothing else throws.
#pragma once

#include "bus/pubsub.hpp"
#include "bus/redis/redis_client.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace parley::bus {

class RedisPubSub final : public PubSub {
 public:
  using MessageHandler = std::function<void(std::string_view channel, std::string_view payload)>;

  struct Options {
    std::chrono::milliseconds min_backoff{50};
    std::chrono::milliseconds max_backoff{2000};
    // On the subscriber thread: Redis confirmed a subscription (on each connection), and the
    // connection broke (messages may be missed from then until the next confirmation).
    std::function<void(std::string_view channel)> on_subscribed;
    std::function<void()> on_disconnected;
  };

  RedisPubSub(RedisClient& client, MessageHandler on_message, Options options);
  RedisPubSub(RedisClient& client, MessageHandler on_message) : RedisPubSub(client, std::move(on_message), Options{}) {}
  ~RedisPubSub() override;
  RedisPubSub(const RedisPubSub&) = delete;
  RedisPubSub& operator=(const RedisPubSub&) = delete;

  // True when Redis took the message (it may have had no subscriber).
  bool publish(std::string_view channel, std::string_view payload) override;
  // Several (channel, payload) messages in one round trip, in order; how many Redis took.
  std::size_t publish(const std::vector<std::pair<std::string_view, std::string_view>>& messages) override;
  // Both return at once; the subscriber thread sends the command. A channel subscribed to is
  // kept across reconnects until unsubscribed.
  void subscribe(std::string_view channel) override;
  void unsubscribe(std::string_view channel) override;

  // True once Redis confirmed the subscription on the current connection: from then on,
  // messages published to `channel` are delivered. For tests and readiness checks.
  bool subscribed(std::string_view channel) const override;
  // How many times the subscriber connection was established (1 + reconnects).
  std::uint64_t connections() const { return connections_.load(); }

 private:
  struct Change {
    bool subscribe;
    std::string channel;
  };

  void run();
  void serve(redisContext* context);  // until the connection breaks or stop
  bool send_changes(redisContext* context);
  void dispatch(const redisReply* reply);
  void wait_for_wake(std::chrono::milliseconds timeout);  // or until stop
  void wake();

  RedisClient& client_;
  const MessageHandler on_message_;
  const Options options_;
  int wake_fd_ = -1;  // an eventfd: subscribe, unsubscribe and the destructor wake the thread

  mutable std::mutex mutex_;
  std::set<std::string, std::less<>> channels_;   // guarded by mutex_; what we want
  std::set<std::string, std::less<>> confirmed_;  // guarded by mutex_; what Redis confirmed
  std::vector<Change> changes_;                   // guarded by mutex_; not sent yet
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> connections_{0};
  std::thread thread_;
};

// Makes RedisPubSubs on `client` (which must outlive them) for the cluster adapter.
PubSub::Factory redis_pubsub_factory(RedisClient& client);

}  // namespace parley::bus
