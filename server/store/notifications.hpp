// Notifications: the Web Push subscriptions of people's devices, each person's notification
// settings, and how each chat notifies them. Part of store.hpp (NotificationStore); what is
// notified to whom is the domain's (chat/notifications).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace parley::store {

// One device's push subscription, as its browser gave it (PushSubscription.toJSON()).
struct PushSubscription {
  std::string id;  // chosen by the caller
  std::string user_id;
  std::string endpoint;  // the push resource; unique over all users
  std::string p256dh;    // base64url, as given
  std::string auth;      // base64url, as given
  std::string label;     // the device, as the client named it; may be empty
  std::int64_t created_at = 0;
};

// How a chat notifies one person: every message, only messages that mention them, or nothing;
// while muted (muted_until later than now) as if at most kMentions.
enum class NotifyLevel : int { kAll = 0, kMentions = 1, kNothing = 2 };

inline constexpr std::int64_t kMutedForever = std::numeric_limits<std::int64_t>::max();

struct ChatNotify {
  std::string chat_id;
  NotifyLevel level = NotifyLevel::kAll;
  std::int64_t muted_until = 0;  // epoch ms; 0: not muted; kMutedForever: until unmuted

  bool is_default() const { return level == NotifyLevel::kAll && muted_until == 0; }
  bool operator==(const ChatNotify&) const = default;
};

// A person who may be notified of a chat's message: their settings document, the chat's
// setting for them, whether they get email digests, and their subscriptions (at least one
// unless `emails`).
struct NotifyTarget {
  std::string user_id;
  std::string settings;  // their settings document (JSON object text, "{}" when never set)
  ChatNotify chat;
  bool emails = false;
  std::vector<PushSubscription> subscriptions;  // oldest first
};

// A notification held back for later, on one channel: "dnd" (Do not disturb held it, for the
// summary when it ends) or "email" (waiting for the person's email digest).
struct HeldNotification {
  std::string user_id;
  std::string channel;
  std::string chat_id;
  std::string message_id;
  std::int64_t at = 0;

  bool operator==(const HeldNotification&) const = default;
};

// The most held notifications one take returns (the rest are dropped with them).
inline constexpr std::size_t kMaxHeldTaken = 1000;

// The most push subscriptions one person keeps: a new one beyond it replaces their oldest.
inline constexpr std::size_t kMaxPushSubscriptions = 20;
// The largest settings document stored.
inline constexpr std::size_t kMaxNotifySettingsBytes = 16 * 1024;

}  // namespace parley::store
