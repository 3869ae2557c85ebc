// Fan-out between `parley` processes: channels that instances publish to and subscribe to.
// What one instance publishes reaches every instance subscribed to the channel at that moment,
// at most once, in the order one publisher published (nothing is kept for a subscriber that is
// away; the realtime layer's resync after a reconnect covers the gap). Channel names and
// payloads are binary-safe. Backend: bus/redis (Redis pub/sub). The realtime layer's cluster
// adapter builds on it without knowing the backend.
//
// Threading: publish, subscribe, unsubscribe and subscribed may be called from any thread;
// publish never waits long (it returns false while the backend is unreachable). The handlers
// run on the backend's thread, one at a time, and should only hand the message on.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::bus {

class PubSub {
 public:
  struct Handlers {
    std::function<void(std::string_view channel, std::string_view payload)> message;
    // The backend confirmed a subscription (on each connection), and the connection broke
    // (messages may be missed from then until the next confirmation).
    std::function<void(std::string_view channel)> subscribed;
    std::function<void()> disconnected;
  };
  // Makes a PubSub that calls `handlers` from the moment it exists.
  using Factory = std::function<std::unique_ptr<PubSub>(Handlers handlers)>;

  virtual ~PubSub() = default;
  // True when the backend took the message (it may have had no subscriber).
  virtual bool publish(std::string_view channel, std::string_view payload) = 0;
  // Several (channel, payload) messages at once, in order; how many the backend took.
  virtual std::size_t publish(const std::vector<std::pair<std::string_view, std::string_view>>& messages) = 0;
  // Return at once; kept across reconnects until unsubscribed.
  virtual void subscribe(std::string_view channel) = 0;
  virtual void unsubscribe(std::string_view channel) = 0;
  // The backend confirmed the subscription on the current connection.
  virtual bool subscribed(std::string_view channel) const = 0;
};

}  // namespace parley::bus
