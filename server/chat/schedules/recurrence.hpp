// Recurring schedules: the subset of RFC 5545's RRULE that people use (FREQ daily, weekly,
// monthly, yearly; INTERVAL; BYDAY, with ordinals in monthly rules such as -1FR, the last
// Friday; BYMONTHDAY, negative from the month's end; COUNT; UNTIL), expanded in an IANA time
// zone with Howard Hinnant's date/tz (the system's tz database), so that a 09:00 weekly message
// stays at 09:00 local time across daylight-saving changes. Pure; safe from any thread.
//
// As RFC 5545 says: the start is the first occurrence, whether or not it matches the rule;
// COUNT counts it; UNTIL is inclusive; dates a rule names that a month does not have (the 31st
// of April) are skipped, not moved. A local time that does not exist (the clocks jump over it)
// happens as much later as the jump; one that happens twice happens the first time.
#pragma once

#include "chat/errors.hpp"

#include <date/tz.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat::schedules {

enum class Frequency { kDaily, kWeekly, kMonthly, kYearly };

struct DayRule {
  unsigned weekday = 0;  // 0 Monday ... 6 Sunday
  int ordinal = 0;       // 0: every one; 1 to 5: the nth of the month; -1 to -5: the nth from its end
  bool operator==(const DayRule&) const = default;
};

struct Recurrence {
  Frequency frequency = Frequency::kDaily;
  int interval = 1;
  std::vector<DayRule> by_day;
  std::vector<int> by_month_day;  // 1 to 31, -31 to -1
  std::optional<int> count;
  std::optional<std::int64_t> until_ms;  // epoch ms, inclusive
  bool operator==(const Recurrence&) const = default;
};

inline constexpr int kMaxInterval = 1000;
inline constexpr int kMaxCount = 10000;

// "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=10" ("RRULE:" before it is allowed). invalid_input names the
// part that is wrong or not supported.
Result<Recurrence> parse_rrule(std::string_view text);
// The rule as RRULE text, its parts in a fixed order.
std::string rrule_text(const Recurrence& r);

// The instant (epoch ms) a local time happens in `zone`, as the header says.
std::int64_t instant_of(date::local_seconds local, const date::time_zone& zone);

// The occurrences (epoch ms) of a schedule that starts at `start` (local, in `zone`) and recurs
// by `rule` (none: once), later than `after_ms`, at most `limit`, in order.
std::vector<std::int64_t> occurrences(const std::optional<Recurrence>& rule, date::local_seconds start,
                                      const date::time_zone& zone, std::int64_t after_ms, std::size_t limit);

// A local date and time: "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS".
std::optional<date::local_seconds> parse_local_time(std::string_view text);
// "YYYY-MM-DDTHH:MM:SS".
std::string local_time_text(date::local_seconds local);

// When a schedule happens: its first local time, the zone it is read in, its rule (none: once).
struct Timing {
  date::local_seconds start;
  const date::time_zone* zone = nullptr;  // never null
  std::optional<Recurrence> rule;
};
// From the text a schedule keeps; invalid_input names the part that is wrong.
Result<Timing> timing_of(std::string_view start, std::string_view zone, const std::optional<std::string>& rrule);
inline std::vector<std::int64_t> occurrences(const Timing& t, std::int64_t after_ms, std::size_t limit) {
  return occurrences(t.rule, t.start, *t.zone, after_ms, limit);
}

}  // namespace parley::chat::schedules
