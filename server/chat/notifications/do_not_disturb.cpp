#include "chat/notifications/do_not_disturb.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

namespace parley::chat {

namespace {

using Ms = std::chrono::milliseconds;

const date::time_zone* zone_of(std::string_view name) {
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::int64_t epoch_ms(date::sys_time<Ms> t) { return t.time_since_epoch().count(); }

}  // namespace

bool known_time_zone(std::string_view name) { return !name.empty() && zone_of(name) != nullptr; }

std::optional<std::int64_t> quiet_hours_until(const QuietHours& hours, std::string_view zone_name, std::int64_t now) {
  if (!hours.enabled || hours.start == hours.end || hours.days == 0) return std::nullopt;
  const date::time_zone* zone = zone_of(zone_name);
  if (zone == nullptr) zone = zone_of("UTC");
  const date::sys_time<Ms> at{Ms{now}};
  date::local_time<Ms> local;
  if (zone != nullptr) {
    local = zone->to_local(at);
  } else {
    local = date::local_time<Ms>{Ms{now}};  // no tz database at all: UTC
  }
  const auto day = date::floor<date::days>(local);
  const auto minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  const unsigned weekday = date::weekday{day}.c_encoding();
  const auto starts_on = [&](unsigned d) { return ((hours.days >> d) & 1U) != 0; };
  // The instant of `minutes` after midnight of local day `d`.
  const auto instant = [&](date::local_days d, int minutes) -> std::int64_t {
    const auto t = date::local_time<Ms>{d + std::chrono::minutes{minutes}};
    if (zone == nullptr) return t.time_since_epoch().count();
    return epoch_ms(zone->to_sys(t, date::choose::earliest));
  };
  if (hours.start < hours.end) {
    if (starts_on(weekday) && minute >= hours.start && minute < hours.end) return instant(day, hours.end);
    return std::nullopt;
  }
  // Across midnight: from `start` on a chosen day to `end` the next.
  if (starts_on(weekday) && minute >= hours.start) return instant(day + date::days{1}, hours.end);
  if (starts_on((weekday + 6) % 7) && minute < hours.end) return instant(day, hours.end);
  return std::nullopt;
}

std::string clock_time(std::string_view zone_name, std::int64_t at) {
  const date::sys_time<Ms> t{Ms{at}};
  const date::time_zone* zone = zone_of(zone_name);
  const auto local = zone != nullptr ? zone->to_local(t) : date::local_time<Ms>{Ms{at}};
  const auto day = date::floor<date::days>(local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return out;
}

std::optional<std::int64_t> dnd_until(const NotificationSettings& settings, std::int64_t now) {
  std::int64_t end = now;
  // Each step extends the end by what is in force at it; the manual switch and at most a
  // week of quiet hours chain, so a few steps reach the end.
  for (int step = 0; step < 16; ++step) {
    std::int64_t next = std::max(end, settings.dnd.until);
    if (auto quiet = quiet_hours_until(settings.dnd.schedule, settings.time_zone, next)) next = std::max(next, *quiet);
    if (next == end) break;
    end = next;
  }
  if (end > now) return end;
  return std::nullopt;
}

}  // namespace parley::chat
