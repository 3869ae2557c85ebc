#include "chat/schedules/recurrence.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace parley::chat::schedules {

namespace {

using date::days;
using date::local_days;
using date::local_seconds;

constexpr std::array<std::string_view, 7> kDays{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr std::array<std::string_view, 4> kFrequencies{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
// Periods looked through before giving up on a rule that names nothing more (BYMONTHDAY=31
// every 12 months from February): 40 years of days.
constexpr int kMaxPeriods = 40 * 366;

util::Failure<Error> wrong(std::string message) { return fail(Errc::kInvalidInput, std::move(message)); }

std::optional<int> number(std::string_view s) {
  int v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const auto i = s.find(sep);
    out.push_back(s.substr(0, i));
    if (i == std::string_view::npos) return out;
    s.remove_prefix(i + 1);
  }
}

// "20270101T000000Z" or "20270101" (the end of that day, UTC).
std::optional<std::int64_t> until_of(std::string_view s) {
  if (s.size() != 8 && s.size() != 16) return std::nullopt;
  const auto y = number(s.substr(0, 4)), m = number(s.substr(4, 2)), d = number(s.substr(6, 2));
  if (!y || !m || !d) return std::nullopt;
  const date::year_month_day ymd{date::year{*y}, date::month(static_cast<unsigned>(*m)),
                                 date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  std::chrono::seconds time{86399};
  if (s.size() == 16) {
    if (s[8] != 'T' || s[15] != 'Z') return std::nullopt;
    const auto hh = number(s.substr(9, 2)), mm = number(s.substr(11, 2)), ss = number(s.substr(13, 2));
    if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
    time = std::chrono::hours{*hh} + std::chrono::minutes{*mm} + std::chrono::seconds{*ss};
  }
  const auto t = date::sys_days{ymd} + time;
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::optional<DayRule> day_rule(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  const auto name = s.substr(s.size() - 2);
  const auto it = std::find(kDays.begin(), kDays.end(), name);
  if (it == kDays.end()) return std::nullopt;
  DayRule r{static_cast<unsigned>(it - kDays.begin()), 0};
  auto prefix = s.substr(0, s.size() - 2);
  if (!prefix.empty()) {
    if (prefix.front() == '+') prefix.remove_prefix(1);
    const auto n = number(prefix);
    if (!n || *n == 0 || *n < -5 || *n > 5) return std::nullopt;
    r.ordinal = *n;
  }
  return r;
}

unsigned monday_based(local_days d) { return (date::weekday{d}.c_encoding() + 6) % 7; }

// The days of `ym` a monthly rule names, in order.
std::vector<local_days> month_days(const Recurrence& r, date::year_month ym, unsigned start_day) {
  const local_days first{ym / 1};
  const auto last_day = static_cast<int>(static_cast<unsigned>((ym / date::last).day()));
  std::vector<int> chosen;
  const auto nth_matches = [&](int dom, const DayRule& rule) {
    const local_days d = first + days{dom - 1};
    if (monday_based(d) != rule.weekday) return false;
    if (rule.ordinal > 0) return (dom - 1) / 7 + 1 == rule.ordinal;
    if (rule.ordinal < 0) return (last_day - dom) / 7 + 1 == -rule.ordinal;
    return true;
  };
  if (!r.by_month_day.empty()) {
    for (int v : r.by_month_day) {
      const int dom = v > 0 ? v : last_day + v + 1;
      if (dom < 1 || dom > last_day) continue;
      if (!r.by_day.empty() &&
          std::none_of(r.by_day.begin(), r.by_day.end(), [&](const DayRule& d) { return nth_matches(dom, d); })) {
        continue;
      }
      chosen.push_back(dom);
    }
  } else if (!r.by_day.empty()) {
    for (int dom = 1; dom <= last_day; ++dom) {
      if (std::any_of(r.by_day.begin(), r.by_day.end(), [&](const DayRule& d) { return nth_matches(dom, d); })) {
        chosen.push_back(dom);
      }
    }
  } else if (static_cast<int>(start_day) <= last_day) {
    chosen.push_back(static_cast<int>(start_day));
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  std::vector<local_days> out;
  out.reserve(chosen.size());
  for (int dom : chosen) out.push_back(first + days{dom - 1});
  return out;
}

bool day_matches(const Recurrence& r, local_days d) {
  if (!r.by_day.empty() && std::none_of(r.by_day.begin(), r.by_day.end(),
                                        [&](const DayRule& rule) { return rule.weekday == monday_based(d); })) {
    return false;
  }
  if (!r.by_month_day.empty()) {
    const date::year_month_day ymd{d};
    const int dom = static_cast<int>(static_cast<unsigned>(ymd.day()));
    const int last = static_cast<int>(static_cast<unsigned>((ymd.year() / ymd.month() / date::last).day()));
    if (std::none_of(r.by_month_day.begin(), r.by_month_day.end(),
                     [&](int v) { return v == dom || v == dom - last - 1; })) {
      return false;
    }
  }
  return true;
}

// The days period `k` of the rule names, in order.
std::vector<local_days> period_days(const Recurrence& r, local_days start, long k) {
  const long step = k * r.interval;
  switch (r.frequency) {
    case Frequency::kDaily: {
      const local_days d = start + days{step};
      return day_matches(r, d) ? std::vector<local_days>{d} : std::vector<local_days>{};
    }
    case Frequency::kWeekly: {
      const local_days week = start - days{monday_based(start)} + days{7 * step};
      std::vector<local_days> out;
      if (r.by_day.empty()) {
        out.push_back(week + days{monday_based(start)});
      } else {
        for (const auto& d : r.by_day) out.push_back(week + days{d.weekday});
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
      }
      return out;
    }
    case Frequency::kMonthly: {
      const date::year_month_day ymd{start};
      const auto ym = date::year_month{ymd.year(), ymd.month()} + date::months{step};
      return month_days(r, ym, static_cast<unsigned>(ymd.day()));
    }
    case Frequency::kYearly: {
      const date::year_month_day ymd{start};
      const auto day = (ymd.year() + date::years{step}) / ymd.month() / ymd.day();
      return day.ok() ? std::vector<local_days>{local_days{day}} : std::vector<local_days>{};
    }
  }
  return {};
}

}  // namespace

Result<Recurrence> parse_rrule(std::string_view text) {
  if (text.starts_with("RRULE:")) text.remove_prefix(6);
  if (text.empty()) return wrong("The rule is empty");
  if (text.size() > 500) return wrong("The rule is too long");
  Recurrence r;
  bool has_freq = false;
  std::vector<std::string_view> seen;
  for (auto part : split(text, ';')) {
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return wrong("Each part of the rule is NAME=VALUE: " + std::string(part));
    const auto name = part.substr(0, eq), value = part.substr(eq + 1);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return wrong(std::string(name) + " is given twice");
    seen.push_back(name);
    if (name == "FREQ") {
      const auto it = std::find(kFrequencies.begin(), kFrequencies.end(), value);
      if (it == kFrequencies.end()) return wrong("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
      r.frequency = static_cast<Frequency>(it - kFrequencies.begin());
      has_freq = true;
    } else if (name == "INTERVAL") {
      const auto n = number(value);
      if (!n || *n < 1 || *n > kMaxInterval) return wrong("INTERVAL must be from 1 to " + std::to_string(kMaxInterval));
      r.interval = *n;
    } else if (name == "COUNT") {
      const auto n = number(value);
      if (!n || *n < 1 || *n > kMaxCount) return wrong("COUNT must be from 1 to " + std::to_string(kMaxCount));
      r.count = *n;
    } else if (name == "UNTIL") {
      r.until_ms = until_of(value);
      if (!r.until_ms) return wrong("UNTIL must be a date (20270131) or a UTC time (20270131T090000Z)");
    } else if (name == "BYDAY") {
      for (auto d : split(value, ',')) {
        auto rule = day_rule(d);
        if (!rule) return wrong("BYDAY takes days such as MO, FR, 1MO or -1FR: " + std::string(d));
        r.by_day.push_back(*rule);
      }
    } else if (name == "BYMONTHDAY") {
      for (auto d : split(value, ',')) {
        const auto n = number(d);
        if (!n || *n == 0 || *n < -31 || *n > 31) return wrong("BYMONTHDAY takes days from 1 to 31 or -31 to -1");
        r.by_month_day.push_back(*n);
      }
    } else {
      return wrong(std::string(name) + " is not supported (FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL are)");
    }
  }
  if (!has_freq) return wrong("FREQ is needed");
  if (r.count && r.until_ms) return wrong("COUNT and UNTIL cannot both be given");
  const bool ordinals = std::any_of(r.by_day.begin(), r.by_day.end(), [](const DayRule& d) { return d.ordinal != 0; });
  if (ordinals && r.frequency != Frequency::kMonthly) return wrong("BYDAY with a number (-1FR) is for monthly rules");
  if (!r.by_month_day.empty() && r.frequency == Frequency::kWeekly) return wrong("BYMONTHDAY is not for weekly rules");
  if (r.frequency == Frequency::kYearly && (!r.by_day.empty() || !r.by_month_day.empty())) {
    return wrong("Yearly rules repeat the start's day; BYDAY and BYMONTHDAY are not supported with them");
  }
  return r;
}

std::string rrule_text(const Recurrence& r) {
  std::string out = "FREQ=" + std::string(kFrequencies[static_cast<std::size_t>(r.frequency)]);
  if (r.interval != 1) out += ";INTERVAL=" + std::to_string(r.interval);
  if (!r.by_day.empty()) {
    out += ";BYDAY=";
    for (std::size_t i = 0; i < r.by_day.size(); ++i) {
      if (i > 0) out += ',';
      if (r.by_day[i].ordinal != 0) out += std::to_string(r.by_day[i].ordinal);
      out += kDays[r.by_day[i].weekday];
    }
  }
  if (!r.by_month_day.empty()) {
    out += ";BYMONTHDAY=";
    for (std::size_t i = 0; i < r.by_month_day.size(); ++i) {
      if (i > 0) out += ',';
      out += std::to_string(r.by_month_day[i]);
    }
  }
  if (r.count) out += ";COUNT=" + std::to_string(*r.count);
  if (r.until_ms) {
    const date::sys_seconds t{std::chrono::duration_cast<std::chrono::seconds>(std::chrono::milliseconds{*r.until_ms})};
    out += ";UNTIL=" + date::format("%Y%m%dT%H%M%SZ", t);
  }
  return out;
}

std::int64_t instant_of(local_seconds local, const date::time_zone& zone) {
  const auto info = zone.get_info(local);
  // Unique and ambiguous: the first offset; nonexistent: the offset before the jump, which
  // lands as much after the jump as the time was after its start.
  const auto sys = date::sys_seconds{local.time_since_epoch() - info.first.offset};
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

std::vector<std::int64_t> occurrences(const std::optional<Recurrence>& rule, local_seconds start,
                                      const date::time_zone& zone, std::int64_t after_ms, std::size_t limit) {
  std::vector<std::int64_t> out;
  if (limit == 0) return out;
  const std::int64_t first = instant_of(start, zone);
  if (first > after_ms) out.push_back(first);
  if (!rule || out.size() >= limit) return out;
  const Recurrence& r = *rule;
  if (r.until_ms && first > *r.until_ms) return {};
  const local_days start_day = date::floor<days>(start);
  const auto time_of_day = start - start_day;
  int counted = 1;  // the start
  for (long k = 0; k < kMaxPeriods; ++k) {
    for (const local_days d : period_days(r, start_day, k)) {
      const local_seconds at = d + time_of_day;
      if (at <= start) continue;
      if (r.count && counted >= *r.count) return out;
      const std::int64_t instant = instant_of(at, zone);
      if (r.until_ms && instant > *r.until_ms) return out;
      ++counted;
      if (instant > after_ms) {
        out.push_back(instant);
        if (out.size() >= limit) return out;
      }
    }
  }
  return out;
}

std::optional<local_seconds> parse_local_time(std::string_view text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':') return std::nullopt;
  const auto y = number(text.substr(0, 4)), m = number(text.substr(5, 2)), d = number(text.substr(8, 2));
  const auto hh = number(text.substr(11, 2)), mm = number(text.substr(14, 2));
  std::optional<int> ss = 0;
  if (text.size() == 19) ss = text[16] == ':' ? number(text.substr(17, 2)) : std::nullopt;
  if (!y || !m || !d || !hh || !mm || !ss || *y < 1970 || *hh > 23 || *mm > 59 || *ss > 59 || *hh < 0 || *mm < 0 ||
      *ss < 0) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{*y}, date::month(static_cast<unsigned>(*m)),
                                 date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return local_days{ymd} + std::chrono::hours{*hh} + std::chrono::minutes{*mm} + std::chrono::seconds{*ss};
}

std::string local_time_text(local_seconds local) { return date::format("%Y-%m-%dT%H:%M:%S", local); }

Result<Timing> timing_of(std::string_view start, std::string_view zone, const std::optional<std::string>& rrule) {
  Timing t;
  const auto local = parse_local_time(start);
  if (!local) return wrong("start must be a local date and time such as 2027-01-31T09:00");
  t.start = *local;
  try {
    t.zone = date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    return wrong("timeZone must be an IANA time zone such as Europe/Paris");
  }
  if (rrule) {
    auto rule = parse_rrule(*rrule);
    if (!rule) return util::fail(rule.error());
    t.rule = std::move(*rule);
  }
  return t;
}

}  // namespace parley::chat::schedules
