// Notifications as people set them up: their devices' Web Push subscriptions, their settings
// (push, previews, sound), each chat's setting for them (all, mentions only, nothing; muted
// until), and which chat each device is reading now (the notifier leaves those readers out).
// A change of settings reaches the person's other devices (Events::notifications_changed).
//
// Threading: safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/notifications/notification_settings.hpp"
#include "chat/notifications/notifier.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// A subscription as a browser gives it (PushSubscription.toJSON()), with the device's name.
struct SubscriptionRequest {
  std::string endpoint;
  std::string p256dh;
  std::string auth;
  std::string label;
};

// What PATCH /api/v1/me/notifications takes: each field absent keeps what is set.
struct NotificationChange {
  std::optional<bool> push;
  std::optional<bool> previews;
  std::optional<bool> sound;
  std::optional<std::vector<std::string>> keywords;
  std::optional<std::string> time_zone;
  std::optional<boost::json::object> dnd;  // checked by apply_dnd (notification_settings.hpp)
  std::optional<bool> email;
  std::optional<std::int64_t> email_delay_minutes;
};

// What PUT /api/v1/chats/:id/notifications takes: each field absent keeps what is set;
// muted_until holding nullopt unmutes.
struct ChatNotifyChange {
  std::optional<std::string> level;
  std::optional<std::optional<std::int64_t>> muted_until;
};

class NotificationService {
 public:
  NotificationService(Core& core, Notifier& notifier) : core_(core), notifier_(notifier) {}

  // The VAPID key browsers subscribe with; empty when push is off on this server.
  std::string public_key() const;

  // invalid_input: push is off, the endpoint is not an https URL of a public host (or, with
  // push_insecure_endpoints, an http one), the keys are not a P-256 point and a 16-byte secret.
  Result<store::PushSubscription> subscribe(const Actor& actor, const SubscriptionRequest& request);
  Result<std::vector<store::PushSubscription>> subscriptions(const Actor& actor);
  // not_found: no subscription of the caller with that id.
  Result<void> unsubscribe(const Actor& actor, std::string_view id);
  // Whether there was one with that endpoint (removing none is no error).
  Result<bool> unsubscribe_endpoint(const Actor& actor, std::string_view endpoint);

  Result<NotificationView> settings(const Actor& actor);
  Result<NotificationView> change(const Actor& actor, const NotificationChange& change);
  // invalid_input: an unknown level, a time in the past; not_found / forbidden: the chat.
  Result<store::ChatNotify> set_chat(const Actor& actor, std::string_view chat_id, const ChatNotifyChange& change);

  // A device of the caller reads `chat_id` now: checks that they may.
  Result<void> may_read(const Actor& actor, std::string_view chat_id);

  // Email: sends the caller a link that verifies their address (invalid_input: this server
  // sends no email; rate_limited: asked too often); the link's token verifies it (anyone who
  // holds it; invalid_input: not a token of ours, expired, or the address changed since);
  // the token of a digest's unsubscribe link turns email digests off.
  Result<void> request_verification(const Actor& actor);
  Result<NotificationView> verify_email(std::string_view token);
  Result<NotificationView> unsubscribe(std::string_view token);

 private:
  Result<NotificationView> view_of(const std::string& user_id, std::string_view document);
  Result<NotificationView> view_of(const store::User& user, std::string_view document);  // the user read
  // Stores `next` (the settings were `before`) and tells the person's devices.
  Result<NotificationView> store_settings(const std::string& user_id, const NotificationSettings& before,
                                          const NotificationSettings& next);
  void subscriptions_changed(const std::string& user_id);

  Core& core_;
  Notifier& notifier_;
};

}  // namespace parley::chat
