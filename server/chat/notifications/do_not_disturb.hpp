// When Do not disturb holds a person's notifications: switched on by hand until a time, or by
// daily quiet hours in their time zone (IANA, with the system's tz database through Howard
// Hinnant's date/tz: a quiet hour that does not exist on a spring-forward day begins at the
// change, one that happens twice ends the first time). Pure; safe from any thread.
#pragma once

#include "chat/notifications/notification_settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::chat {

bool known_time_zone(std::string_view name);

// The end of the quiet hours in force at `now` (epoch ms) in `zone`, if they are; an unknown
// zone counts as UTC.
std::optional<std::int64_t> quiet_hours_until(const QuietHours& hours, std::string_view zone, std::int64_t now);

// When the Do not disturb in force at `now` ends, if one is: the manual switch and the quiet
// hours joined where one runs into the other.
std::optional<std::int64_t> dnd_until(const NotificationSettings& settings, std::int64_t now);

// "HH:MM" of `at` (epoch ms) on the clock of `zone` (an unknown zone: UTC).
std::string clock_time(std::string_view zone, std::int64_t at);

}  // namespace parley::chat
