// Presence: which users are online, on how many devices, and since when they are idle; and
// which of those devices receive which chats' new messages (the receivers).
// Backends: bus/local (in-process, the embedded default) and bus/redis (the cluster).
//
// Contract: thread-safe; every call is short and never does I/O in the local backend.
// connect/disconnect count devices per user: a user is online while they have at least one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::bus {

enum class PresenceState { kOffline, kOnline, kAway };

// One user's presence as a list shows it: what state() and last_seen() answer.
struct UserPresence {
  PresenceState state = PresenceState::kOffline;
  std::optional<std::int64_t> last_seen;
};

class Presence {
 public:
  // A transition: the user's first device connected (online) or their last one disconnected
  // (offline), at `at_ms`.
  using Watcher = std::function<void(std::string_view user_id, bool online, std::int64_t at_ms)>;

  virtual ~Presence() = default;
  // Set once, before use. Each transition reaches `watcher` in every process that shares this
  // presence, whichever process made it, and every process sees them in the same order, so
  // what its clients hear last is the current state. Local backend: called inside connect and
  // disconnect, under the backend's lock (keep it short; do not call back). Redis: called on
  // the backend's subscriber thread, transitions made by the dead-instance sweep included.
  virtual void watch(Watcher watcher) = 0;
  // True when this is the user's first device (the user came online).
  virtual bool connect(std::string_view user_id, std::int64_t now_ms) = 0;
  // True when this was the user's last device (the user went offline).
  virtual bool disconnect(std::string_view user_id, std::int64_t now_ms) = 0;
  // Any activity of the user (an event from one of their devices).
  virtual void touch(std::string_view user_id, std::int64_t now_ms) = 0;
  // Online users become away after `away_after_ms` without activity.
  virtual PresenceState state(std::string_view user_id, std::int64_t now_ms) const = 0;
  virtual std::vector<std::string> online_users() const = 0;
  // When the user's last device disconnected, if this backend saw it (the store keeps it
  // durably; this answers before that write is done).
  virtual std::optional<std::int64_t> last_seen(std::string_view user_id) const = 0;
  // state() and last_seen() of each of `users`, in their order, for lists of users: one round
  // trip to the backend's service (a few for very many users) instead of two per user.
  virtual std::vector<UserPresence> states(const std::vector<std::string>& users, std::int64_t now_ms) const = 0;

  // Receivers: the devices that are sent a chat's new messages as they are stored, which makes
  // the messages DELIVERED to their users at once. A device receives the chats it joined
  // (scope: the chat's id), or every chat of its user (scope kAllChats: a client that declared
  // the "inbox" feature). Counted per user and scope, like devices; a device adds each scope
  // once and removes it once (when it leaves, or disconnects).
  static constexpr std::string_view kAllChats = "*";
  // A device adds scopes of its own state too, which kAllChats does not cover (they start with
  // '@'): kReadingPrefix + a chat id while its person reads that chat on it (the chat open, the
  // window shown and focused). receiving(users, kReadingPrefix + id): who reads it somewhere.
  static constexpr std::string_view kReadingPrefix = "@reading:";
  virtual void receive(std::string_view user_id, std::string_view scope) = 0;
  virtual void stop_receiving(std::string_view user_id, std::string_view scope) = 0;
  // Those of `users` with a device, on any instance, that receives chat `chat_id` (or has the
  // device scope `chat_id`).
  virtual std::vector<std::string> receiving(const std::vector<std::string>& users, std::string_view chat_id) const = 0;
};

// Token buckets keyed by strings ("user:<id>:message", "ip:<addr>:auth").
// Contract: thread-safe, short, no I/O in the local backend.
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes up to `wanted` tokens from `key`'s bucket (capacity `burst`, refilled at
  // `per_second`) and returns how many it took: as many as the bucket holds whole tokens.
  virtual std::size_t take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                           std::size_t wanted) = 0;
  // All or nothing: takes `wanted` tokens from `key`'s bucket when it holds that many whole
  // tokens, and none otherwise. Returns how many whole tokens the bucket held: `wanted` or more
  // when it took them; otherwise fewer, as many as a smaller request could take now.
  virtual std::size_t take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                               std::size_t wanted) = 0;
  // One token; false when the bucket is empty.
  bool allow(std::string_view key, double per_second, double burst, std::int64_t now_ms) {
    return take(key, per_second, burst, now_ms, 1) == 1;
  }
};

}  // namespace parley::bus
