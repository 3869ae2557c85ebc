// Recurring schedules: RRULE parsing and its refusals, expansion by frequency, interval, days of
// the week with and without ordinals, days of the month, COUNT and UNTIL, and local times kept
// across daylight-saving changes in Europe/Berlin, America/New_York, Australia/Sydney and a
// zone without them (Asia/Tokyo).
#include "chat/schedules/recurrence.hpp"

#include <gtest/gtest.h>

namespace parley::chat::schedules {
namespace {

using namespace std::chrono_literals;

const date::time_zone& zone(const char* name) { return *date::locate_zone(name); }

date::local_seconds local(int y, unsigned m, unsigned d, int hh, int mm) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm};
}

std::string iso(std::int64_t ms) {
  return date::format(
      "%FT%RZ", date::sys_seconds{std::chrono::duration_cast<std::chrono::seconds>(std::chrono::milliseconds{ms})});
}

std::vector<std::string> next(std::string_view rule, date::local_seconds start, const char* tz, std::size_t n,
                              std::int64_t after_ms = std::numeric_limits<std::int64_t>::min()) {
  auto r = parse_rrule(rule);
  EXPECT_TRUE(r) << r.error().message;
  std::vector<std::string> out;
  for (auto ms : occurrences(*r, start, zone(tz), after_ms, n)) out.push_back(iso(ms));
  return out;
}

std::string refusal(std::string_view rule) {
  auto r = parse_rrule(rule);
  EXPECT_FALSE(r) << rule;
  return r ? "" : r.error().message;
}

TEST(Recurrence, RulesAreParsedAndWrittenBack) {
  const auto r = parse_rrule("RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR,+2MO,TU;BYMONTHDAY=1,-1;COUNT=12");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->frequency, Frequency::kMonthly);
  EXPECT_EQ(r->interval, 2);
  EXPECT_EQ(r->by_day, (std::vector<DayRule>{{4, -1}, {0, 2}, {1, 0}}));
  EXPECT_EQ(r->by_month_day, (std::vector<int>{1, -1}));
  EXPECT_EQ(r->count, 12);
  EXPECT_EQ(rrule_text(*r), "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR,2MO,TU;BYMONTHDAY=1,-1;COUNT=12");
  const auto until = parse_rrule("FREQ=DAILY;UNTIL=20270131T090000Z");
  ASSERT_TRUE(until);
  EXPECT_EQ(iso(*until->until_ms), "2027-01-31T09:00Z");
  EXPECT_EQ(rrule_text(*until), "FREQ=DAILY;UNTIL=20270131T090000Z");
  EXPECT_EQ(iso(*parse_rrule("FREQ=DAILY;UNTIL=20270131")->until_ms), "2027-01-31T23:59Z");
  EXPECT_EQ(*parse_rrule(rrule_text(*r)), *r);
}

TEST(Recurrence, WhatIsWrongOrNotSupportedIsNamed) {
  EXPECT_EQ(refusal(""), "The rule is empty");
  EXPECT_EQ(refusal("COUNT=3"), "FREQ is needed");
  EXPECT_EQ(refusal("FREQ=HOURLY"), "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  EXPECT_EQ(refusal("FREQ=DAILY;INTERVAL=0"), "INTERVAL must be from 1 to 1000");
  EXPECT_EQ(refusal("FREQ=DAILY;COUNT=10001"), "COUNT must be from 1 to 10000");
  EXPECT_EQ(refusal("FREQ=DAILY;COUNT=2;UNTIL=20270101"), "COUNT and UNTIL cannot both be given");
  EXPECT_EQ(refusal("FREQ=DAILY;UNTIL=20270230"), "UNTIL must be a date (20270131) or a UTC time (20270131T090000Z)");
  EXPECT_EQ(refusal("FREQ=WEEKLY;BYDAY=XX"), "BYDAY takes days such as MO, FR, 1MO or -1FR: XX");
  EXPECT_EQ(refusal("FREQ=MONTHLY;BYDAY=6MO"), "BYDAY takes days such as MO, FR, 1MO or -1FR: 6MO");
  EXPECT_EQ(refusal("FREQ=WEEKLY;BYDAY=-1FR"), "BYDAY with a number (-1FR) is for monthly rules");
  EXPECT_EQ(refusal("FREQ=MONTHLY;BYMONTHDAY=0"), "BYMONTHDAY takes days from 1 to 31 or -31 to -1");
  EXPECT_EQ(refusal("FREQ=WEEKLY;BYMONTHDAY=3"), "BYMONTHDAY is not for weekly rules");
  EXPECT_EQ(refusal("FREQ=DAILY;BYHOUR=9"),
            "BYHOUR is not supported (FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL are)");
  EXPECT_EQ(refusal("FREQ=DAILY;FREQ=WEEKLY"), "FREQ is given twice");
  EXPECT_EQ(refusal("FREQ"), "Each part of the rule is NAME=VALUE: FREQ");
  EXPECT_EQ(refusal("FREQ=YEARLY;BYDAY=MO"),
            "Yearly rules repeat the start's day; BYDAY and BYMONTHDAY are not supported with them");
}

TEST(Recurrence, AWeeklyMessageStaysAtItsLocalTimeAcrossDaylightSavingChanges) {
  // Berlin moves to summer time on 29 March 2026 and back on 25 October.
  EXPECT_EQ(next("FREQ=WEEKLY", local(2026, 3, 22, 9, 0), "Europe/Berlin", 2),
            (std::vector<std::string>{"2026-03-22T08:00Z", "2026-03-29T07:00Z"}));
  EXPECT_EQ(next("FREQ=WEEKLY", local(2026, 10, 18, 9, 0), "Europe/Berlin", 2),
            (std::vector<std::string>{"2026-10-18T07:00Z", "2026-10-25T08:00Z"}));
  // New York: 8 March and 1 November 2026.
  EXPECT_EQ(next("FREQ=WEEKLY;BYDAY=SU", local(2026, 3, 1, 9, 0), "America/New_York", 2),
            (std::vector<std::string>{"2026-03-01T14:00Z", "2026-03-08T13:00Z"}));
  // Sydney, in the southern hemisphere: summer time ends on 5 April, starts on 4 October 2026.
  EXPECT_EQ(next("FREQ=WEEKLY", local(2026, 3, 29, 9, 0), "Australia/Sydney", 2),
            (std::vector<std::string>{"2026-03-28T22:00Z", "2026-04-04T23:00Z"}));
  EXPECT_EQ(next("FREQ=WEEKLY", local(2026, 9, 27, 9, 0), "Australia/Sydney", 2),
            (std::vector<std::string>{"2026-09-26T23:00Z", "2026-10-03T22:00Z"}));
  // Tokyo has none: always 00:00 UTC.
  EXPECT_EQ(
      next("FREQ=DAILY;INTERVAL=100", local(2026, 1, 1, 9, 0), "Asia/Tokyo", 4),
      (std::vector<std::string>{"2026-01-01T00:00Z", "2026-04-11T00:00Z", "2026-07-20T00:00Z", "2026-10-28T00:00Z"}));
}

TEST(Recurrence, ATimeSkippedByTheClocksComesAsMuchLaterAndARepeatedOneOnce) {
  // 02:30 does not exist in Berlin on 29 March 2026: it is 03:30 summer time (01:30 UTC).
  EXPECT_EQ(next("FREQ=DAILY", local(2026, 3, 28, 2, 30), "Europe/Berlin", 3),
            (std::vector<std::string>{"2026-03-28T01:30Z", "2026-03-29T01:30Z", "2026-03-30T00:30Z"}));
  // 02:30 happens twice on 25 October: sent the first time only.
  EXPECT_EQ(next("FREQ=DAILY", local(2026, 10, 24, 2, 30), "Europe/Berlin", 3),
            (std::vector<std::string>{"2026-10-24T00:30Z", "2026-10-25T00:30Z", "2026-10-26T01:30Z"}));
  EXPECT_EQ(next("FREQ=DAILY", local(2026, 3, 8, 2, 30), "America/New_York", 1),
            (std::vector<std::string>{"2026-03-08T07:30Z"}));
  EXPECT_EQ(next("FREQ=DAILY", local(2026, 11, 1, 1, 30), "America/New_York", 2),
            (std::vector<std::string>{"2026-11-01T05:30Z", "2026-11-02T06:30Z"}));
  EXPECT_EQ(next("FREQ=DAILY", local(2026, 10, 4, 2, 30), "Australia/Sydney", 1),
            (std::vector<std::string>{"2026-10-03T16:30Z"}));
  EXPECT_EQ(next("FREQ=DAILY", local(2026, 4, 5, 2, 30), "Australia/Sydney", 1),
            (std::vector<std::string>{"2026-04-04T15:30Z"}));
}

TEST(Recurrence, DaysOfTheWeekAndOfTheMonth) {
  // Every other week on Monday and Thursday, from Monday 5 January 2026.
  EXPECT_EQ(next("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO", local(2026, 1, 5, 12, 0), "UTC", 5),
            (std::vector<std::string>{"2026-01-05T12:00Z", "2026-01-08T12:00Z", "2026-01-19T12:00Z",
                                      "2026-01-22T12:00Z", "2026-02-02T12:00Z"}));
  // The last Friday of each month.
  EXPECT_EQ(next("FREQ=MONTHLY;BYDAY=-1FR", local(2026, 1, 30, 17, 0), "UTC", 3),
            (std::vector<std::string>{"2026-01-30T17:00Z", "2026-02-27T17:00Z", "2026-03-27T17:00Z"}));
  // The first Monday of each month.
  EXPECT_EQ(next("FREQ=MONTHLY;BYDAY=1MO", local(2026, 1, 5, 8, 0), "UTC", 3),
            (std::vector<std::string>{"2026-01-05T08:00Z", "2026-02-02T08:00Z", "2026-03-02T08:00Z"}));
  // The 31st is skipped by the months without one; -1 is each month's last day.
  EXPECT_EQ(
      next("FREQ=MONTHLY", local(2026, 1, 31, 8, 0), "UTC", 4),
      (std::vector<std::string>{"2026-01-31T08:00Z", "2026-03-31T08:00Z", "2026-05-31T08:00Z", "2026-07-31T08:00Z"}));
  EXPECT_EQ(next("FREQ=MONTHLY;BYMONTHDAY=-1", local(2026, 1, 31, 8, 0), "UTC", 3),
            (std::vector<std::string>{"2026-01-31T08:00Z", "2026-02-28T08:00Z", "2026-03-31T08:00Z"}));
  // Friday the 13th.
  EXPECT_EQ(next("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", local(2026, 2, 13, 8, 0), "UTC", 3),
            (std::vector<std::string>{"2026-02-13T08:00Z", "2026-03-13T08:00Z", "2026-11-13T08:00Z"}));
  // Weekdays only, daily.
  EXPECT_EQ(next("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", local(2026, 1, 9, 8, 0), "UTC", 3),
            (std::vector<std::string>{"2026-01-09T08:00Z", "2026-01-12T08:00Z", "2026-01-13T08:00Z"}));
  // 29 February: every leap year.
  EXPECT_EQ(next("FREQ=YEARLY", local(2028, 2, 29, 8, 0), "UTC", 2),
            (std::vector<std::string>{"2028-02-29T08:00Z", "2032-02-29T08:00Z"}));
}

TEST(Recurrence, CountAndUntilEndTheSeriesAndTheStartIsTheFirst) {
  // The start counts even where the rule would not name it (a Wednesday of a Monday rule).
  EXPECT_EQ(next("FREQ=WEEKLY;BYDAY=MO;COUNT=3", local(2026, 1, 7, 8, 0), "UTC", 10),
            (std::vector<std::string>{"2026-01-07T08:00Z", "2026-01-12T08:00Z", "2026-01-19T08:00Z"}));
  EXPECT_EQ(next("FREQ=DAILY;UNTIL=20260103T080000Z", local(2026, 1, 1, 8, 0), "UTC", 10),
            (std::vector<std::string>{"2026-01-01T08:00Z", "2026-01-02T08:00Z", "2026-01-03T08:00Z"}));
  // After a time: COUNT still counts from the start.
  const auto after = *parse_rrule("FREQ=DAILY;COUNT=5");
  const auto from = occurrences(after, local(2026, 1, 1, 8, 0), zone("UTC"), 1767340800000 /* 2 Jan 08:00 */, 10);
  std::vector<std::string> texts;
  for (auto ms : from) texts.push_back(iso(ms));
  EXPECT_EQ(texts, (std::vector<std::string>{"2026-01-03T08:00Z", "2026-01-04T08:00Z", "2026-01-05T08:00Z"}));
  // Once, without a rule.
  EXPECT_EQ(occurrences(std::nullopt, local(2026, 1, 1, 8, 0), zone("UTC"), 0, 5).size(), 1U);
  EXPECT_TRUE(occurrences(std::nullopt, local(2026, 1, 1, 8, 0), zone("UTC"), 1767340800000, 5).empty());
  // A rule that names nothing again ends instead of searching forever.
  EXPECT_EQ(next("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30", local(2026, 2, 1, 8, 0), "UTC", 3).size(), 1U);
}

}  // namespace
}  // namespace parley::chat::schedules
