// Do not disturb's clock (quiet hours in a person's time zone, across midnight and daylight-
// saving changes, joined with the manual switch), the settings a PATCH may change and the
// errors it gets, keywords, and the summary's words. Pure functions.
#include "chat/notifications/do_not_disturb.hpp"
#include "chat/notifications/notification_settings.hpp"
#include "chat/notifications/notify_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

// Instants of January 2026 (UTC); Berlin is an hour ahead then.
constexpr std::int64_t kThu2130Utc = 1768512600000;  // Thursday 15th, 22:30 in Berlin
constexpr std::int64_t kFri0600Utc = 1768543200000;  // Friday 16th, 07:00 in Berlin
constexpr std::int64_t kSat0200Utc = 1768615200000;  // Saturday 17th, 03:00 in Berlin
constexpr std::int64_t kSat0600Utc = 1768629600000;  // Saturday 17th, 07:00 in Berlin
constexpr std::int64_t kSat2200Utc = 1768687200000;  // Saturday 17th, 23:00 in Berlin
constexpr std::int64_t kThu2100Utc = 1768510800000;  // Thursday 15th, 22:00 in Berlin
constexpr std::int64_t kHour = 3'600'000;

NotificationSettings berlin_nights(unsigned days = 0x7f) {
  NotificationSettings s;
  s.time_zone = "Europe/Berlin";
  s.dnd.schedule = QuietHours{.enabled = true, .start = 22 * 60, .end = 7 * 60, .days = days};
  return s;
}

TEST(DoNotDisturb, QuietHoursRunAcrossMidnightOnTheirOwnClock) {
  const auto s = berlin_nights();
  EXPECT_EQ(dnd_until(s, kThu2130Utc), kFri0600Utc) << "22:30 in Berlin: quiet until 07:00";
  EXPECT_EQ(dnd_until(s, kThu2100Utc), kFri0600Utc) << "from 22:00 sharp";
  EXPECT_EQ(dnd_until(s, kThu2100Utc - 1), std::nullopt) << "21:59:59.999 is not quiet yet";
  EXPECT_EQ(dnd_until(s, kFri0600Utc), std::nullopt) << "07:00 is over";
  EXPECT_EQ(dnd_until(s, kFri0600Utc - 1), kFri0600Utc);

  auto utc = s;
  utc.time_zone = "UTC";
  EXPECT_EQ(dnd_until(utc, kThu2130Utc), std::nullopt) << "21:30 in UTC is before 22:00";

  // Weekdays only (Monday to Friday): a Saturday night is not quiet, Friday night's runs into Saturday.
  const auto weekdays = berlin_nights(0b0111110);
  EXPECT_EQ(dnd_until(weekdays, kSat2200Utc), std::nullopt);
  EXPECT_EQ(dnd_until(weekdays, kSat0200Utc), kSat0600Utc);

  auto off = s;
  off.dnd.schedule.enabled = false;
  EXPECT_EQ(dnd_until(off, kThu2130Utc), std::nullopt);
}

TEST(DoNotDisturb, AnHourThatDoesNotExistEndsAtTheChange) {
  // New York springs forward on 8 March 2026 at 02:00 (to 03:00); quiet hours 00:30 to 02:30.
  NotificationSettings s;
  s.time_zone = "America/New_York";
  s.dnd.schedule = QuietHours{.enabled = true, .start = 30, .end = 150, .days = 0x7f};
  constexpr std::int64_t kSun0100Est = 1772949600000;  // 06:00 UTC
  constexpr std::int64_t kSun0300Edt = 1772953200000;  // 07:00 UTC, the change
  EXPECT_EQ(dnd_until(s, kSun0100Est), kSun0300Edt);
}

TEST(DoNotDisturb, TheSwitchAndTheQuietHoursJoin) {
  auto s = berlin_nights();
  s.dnd.until = kThu2130Utc - kHour;  // switched on until 21:30 (Berlin): then the quiet hours
  EXPECT_EQ(dnd_until(s, kThu2130Utc - 2 * kHour), kThu2130Utc - kHour) << "a gap at 21:30 to 22:00";
  s.dnd.until = kThu2130Utc;  // until 22:30: inside the quiet hours, which run on to 07:00
  EXPECT_EQ(dnd_until(s, kThu2130Utc - 2 * kHour), kFri0600Utc);
  s.dnd.until = kForeverJson;
  EXPECT_EQ(dnd_until(s, kThu2130Utc), kForeverJson);
  NotificationSettings plain;
  plain.dnd.until = kThu2130Utc;
  EXPECT_EQ(dnd_until(plain, kThu2130Utc), std::nullopt) << "its end is not in force";
  EXPECT_EQ(dnd_until(plain, kThu2130Utc - 1), kThu2130Utc);
}

TEST(NotificationSettingsChange, KeywordsAreTrimmedBoundedAndKeptOnce) {
  NotificationSettings s;
  EXPECT_FALSE(set_keywords(s, {"  deploy ", "Deploy", "DÉPLOY", "release plan", "on call"}));
  EXPECT_EQ(s.keywords, (std::vector<std::string>{"deploy", "release plan", "on call"}))
      << "the same word in another case or with accents is kept once";
  for (const auto& bad : std::vector<std::string>{"x", "   ", std::string(41, 'k'), "\xff\xfe", "!!"}) {
    NotificationSettings t;
    const auto e = set_keywords(t, {bad});
    ASSERT_TRUE(e) << bad;
    EXPECT_EQ(e->code, Errc::kInvalidInput);
  }
  std::vector<std::string> many;
  for (int i = 0; i < 21; ++i) many.push_back("word" + std::to_string(i));
  ASSERT_TRUE(set_keywords(s, many));
  EXPECT_EQ(s.keywords.size(), 3U) << "a refused change changes nothing";
}

TEST(NotificationSettingsChange, DoNotDisturbPartsAreCheckedAndReplaced) {
  NotificationSettings s;
  EXPECT_FALSE(set_time_zone(s, "Asia/Tokyo"));
  EXPECT_EQ(s.time_zone, "Asia/Tokyo");
  EXPECT_TRUE(set_time_zone(s, "Mars/Olympus_Mons"));
  EXPECT_TRUE(set_time_zone(s, ""));
  EXPECT_EQ(s.time_zone, "Asia/Tokyo");

  const auto obj = [](const char* text) { return json::parse(text).as_object(); };
  EXPECT_FALSE(apply_dnd(s, obj(R"({"until": 1800000000000, "schedule": {"enabled": true, "start": "23:15",
      "end": "06:45", "days": [1, 2, 3]}, "allow": ["u1", "u2", "u1"]})")));
  EXPECT_EQ(s.dnd.until, 1800000000000);
  EXPECT_EQ(s.dnd.schedule, (QuietHours{.enabled = true, .start = 23 * 60 + 15, .end = 6 * 60 + 45, .days = 0b1110}));
  EXPECT_EQ(s.dnd.allow, (std::vector<std::string>{"u1", "u2"}));
  EXPECT_FALSE(apply_dnd(s, obj(R"({"until": null})")));
  EXPECT_EQ(s.dnd.until, 0);
  EXPECT_TRUE(s.dnd.schedule.enabled) << "the parts not given are kept";

  for (const char* bad :
       {R"({"until": -5})", R"({"until": "soon"})", R"({"schedule": {"start": "24:00"}})",
        R"({"schedule": {"end": "7:00"}})", R"({"schedule": {"start": "06:45"}})", R"({"schedule": {"days": [7]}})",
        R"({"schedule": {"days": []}})", R"({"schedule": {"enabled": "yes"}})", R"({"schedule": 3})",
        R"({"allow": "u1"})", R"({"allow": [1]})"}) {
    const auto e = apply_dnd(s, obj(bad));
    ASSERT_TRUE(e) << bad;
    EXPECT_EQ(e->code, Errc::kInvalidInput) << bad;
    EXPECT_NE(e->message.find("dnd."), std::string::npos) << e->message;
  }
  EXPECT_EQ(s.dnd.schedule.start, 23 * 60 + 15) << "unchanged by the refusals";

  // What is stored reads back the same.
  s.keywords = {"deploy"};
  EXPECT_EQ(settings_from(settings_document(s)), s);
  const auto view = notifications_json(NotificationView{s, {}, kFri0600Utc, "ben@example.com", true});
  EXPECT_EQ(view.at("dnd").at("schedule").at("start"), "23:15");
  EXPECT_EQ(view.at("dnd").at("schedule").at("days"), json::parse("[1, 2, 3]"));
  EXPECT_EQ(view.at("dnd").at("until"), nullptr);
  EXPECT_EQ(view.at("dndActiveUntil"), kFri0600Utc);
  EXPECT_EQ(view.at("timeZone"), "Asia/Tokyo");
}

TEST(NotifyRules, KeywordsMatchWholeWordsInAnyCaseAndForm) {
  const std::vector<std::string> k{"deploy", "release plan", "Émile"};
  EXPECT_TRUE(has_keyword("The DEPLOY is done", k));
  EXPECT_TRUE(has_keyword("deploy!", k));
  EXPECT_FALSE(has_keyword("we redeployed it", k)) << "whole words only";
  EXPECT_TRUE(has_keyword("the Release   Plan, v2", k));
  EXPECT_TRUE(has_keyword("ask emile", k)) << "accents fold";
  EXPECT_FALSE(has_keyword("release the plan", k));
  EXPECT_FALSE(has_keyword("anything", {}));
}

TEST(NotifyRules, TheSummarySaysHowManyAndWhere) {
  const auto body = [](std::vector<HeldCount> chats) {
    return std::string(json::parse(summary_payload(chats, 7)).at("body").as_string());
  };
  EXPECT_EQ(body({{"c1", "Design", 1}}), "1 new message in Design");
  EXPECT_EQ(body({{"c1", "Design", 4}, {"c2", "Bob", 3}}), "7 new messages in Design and Bob");
  EXPECT_EQ(body({{"c1", "Design", 4}, {"c2", "Bob", 1}, {"c3", "", 1}}),
            "6 new messages in Design, Bob and 1 more chat");
  EXPECT_EQ(body({{"c1", "Design", 1}, {"c2", "Bob", 1}, {"c3", "", 1}, {"c4", "", 2}}),
            "5 new messages in Design, Bob and 2 more chats");
  const auto p = json::parse(summary_payload({{"c1", "Design", 2}}, 7)).as_object();
  EXPECT_EQ(p.at("kind"), "summary");
  EXPECT_EQ(p.at("title"), "While Do not disturb was on");
  EXPECT_EQ(p.at("chats"), json::parse(R"([{"chatId": "c1", "count": 2}])"));
}

}  // namespace
}  // namespace parley::chat
