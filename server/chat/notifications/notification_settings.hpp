// A person's notification settings: the document the store keeps per user (JSON text, parsed
// here), the chats' settings beside it, and their JSON form as GET/PATCH
// /api/v1/me/notifications answer and notifications:updated carries:
// {push, previews, sound, keywords, timeZone, dnd: {until, schedule: {enabled, start, end,
// days}, allow}, dndActiveUntil, email, emailDelayMinutes, emailAddress, emailVerified,
// emailAvailable, chats: [{chatId, level, mutedUntil}]}.
// The changes a PATCH asks for are checked here, with the errors it answers.
#pragma once

#include "chat/errors.hpp"
#include "store/notifications.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// Daily quiet hours in the person's time zone: from `start` to `end` (minutes after midnight;
// an `end` before `start` is the next day's), starting on the weekdays of `days` (bit d: day d,
// 0 Sunday).
struct QuietHours {
  bool enabled = false;
  int start = 22 * 60;
  int end = 7 * 60;
  unsigned days = 0x7f;

  bool operator==(const QuietHours&) const = default;
};

// Do not disturb: switched on by hand until a time (epoch ms; 0 off; kForeverJson until switched
// off), or by the quiet hours. The mentions of the people of `allow` (user ids) still notify.
struct DoNotDisturb {
  std::int64_t until = 0;
  QuietHours schedule;
  std::vector<std::string> allow;

  bool operator==(const DoNotDisturb&) const = default;
};

struct NotificationSettings {
  bool push = true;      // push notifications to the person's subscribed devices
  bool previews = true;  // pushes carry the message's text
  bool sound = true;     // the web client's chime
  // Words and phrases that notify like a mention, matched as whole words in any case and form.
  std::vector<std::string> keywords;
  std::string time_zone = "UTC";  // IANA name: the quiet hours' clock
  DoNotDisturb dnd;
  // Email digests of what stays unread `email_delay_minutes` after it came, once the address
  // the person verified (set by the server) is their account's.
  bool email = true;
  int email_delay_minutes = 15;
  std::string email_verified;

  bool operator==(const NotificationSettings&) const = default;
};

inline constexpr int kMinEmailDelayMinutes = 5;
inline constexpr int kMaxEmailDelayMinutes = 24 * 60;

inline constexpr std::size_t kMaxKeywords = 20;
inline constexpr std::size_t kMinKeywordChars = 2;
inline constexpr std::size_t kMaxKeywordChars = 40;
inline constexpr std::size_t kMaxDndAllowed = 50;

struct NotificationView {
  NotificationSettings settings;
  std::vector<store::ChatNotify> chats;   // those not at the default
  std::optional<std::int64_t> dnd_until;  // when the Do not disturb in force ends, if one is
  std::string email_address;              // the person's account address
  bool email_available = false;           // the server sends email
};

// Whether the person gets email digests: on, with their account's address verified.
bool gets_emails(const NotificationSettings& settings, std::string_view account_email);

// From the stored document: the defaults for what is absent or not of its type.
NotificationSettings settings_from(std::string_view document);
// The document to store.
std::string settings_document(const NotificationSettings& settings);

// The changes of a PATCH, applied to `settings`, or why they cannot be (invalid_input):
// keywords (each trimmed; 2 to 40 characters; at most 20, repeats dropped), an IANA time zone,
// and the `dnd` object ({until: epoch ms or null, schedule: {enabled, start "HH:MM", end
// "HH:MM", days [0..6]}, allow: [userId]}: each part given replaces that part).
std::optional<Error> set_keywords(NotificationSettings& settings, const std::vector<std::string>& keywords);
std::optional<Error> set_time_zone(NotificationSettings& settings, std::string_view zone);
std::optional<Error> apply_dnd(NotificationSettings& settings, const boost::json::object& dnd);

// The JSON numbers for "muted forever": the largest integer JavaScript holds exactly.
inline constexpr std::int64_t kForeverJson = 9007199254740991;

std::string_view level_name(store::NotifyLevel level);
std::optional<store::NotifyLevel> level_from(std::string_view name);

boost::json::object chat_notify_json(const store::ChatNotify& setting);
boost::json::object notifications_json(const NotificationView& view);
// The JSON Schema of the `dnd` object, for the documents.
std::string_view dnd_shape();

}  // namespace parley::chat
