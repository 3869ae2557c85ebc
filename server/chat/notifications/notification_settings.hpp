// A person's notification settings: the document the store keeps per user (JSON text, parsed
// here), the chats' settings beside it, and their JSON form as GET/PATCH
// /api/v1/me/notifications answer and notifications:updated carries:
// {push, previews, sound, chats: [{chatId, level, mutedUntil}]}.
#pragma once

#include "store/notifications.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct NotificationSettings {
  bool push = true;      // push notifications to the person's subscribed devices
  bool previews = true;  // pushes carry the message's text
  bool sound = true;     // the web client's chime

  bool operator==(const NotificationSettings&) const = default;
};

struct NotificationView {
  NotificationSettings settings;
  std::vector<store::ChatNotify> chats;  // those not at the default
};

// From the stored document: the defaults for what is absent or not a boolean.
NotificationSettings settings_from(std::string_view document);
// The document to store.
std::string settings_document(const NotificationSettings& settings);

// The JSON numbers for "muted forever": the largest integer JavaScript holds exactly.
inline constexpr std::int64_t kForeverJson = 9007199254740991;

std::string_view level_name(store::NotifyLevel level);
std::optional<store::NotifyLevel> level_from(std::string_view name);

boost::json::object chat_notify_json(const store::ChatNotify& setting);
boost::json::object notifications_json(const NotificationView& view);

}  // namespace parley::chat
