#include "chat/notifications/notification_settings.hpp"

#include "chat/notifications/do_not_disturb.hpp"
#include "util/search_text.hpp"
#include "util/utf8.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace parley::chat {

namespace json = boost::json;

namespace {

// "HH:MM" (00:00 to 23:59) as minutes after midnight.
std::optional<int> minutes_of(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
  const int h1 = digit(0), h2 = digit(1), m1 = digit(3), m2 = digit(4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
  const int hours = h1 * 10 + h2, minutes = m1 * 10 + m2;
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string hhmm(int minutes) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return out;
}

json::array days_json(unsigned days) {
  json::array out;
  for (int d = 0; d < 7; ++d) {
    if ((days >> d) & 1U) out.emplace_back(d);
  }
  return out;
}

// A list of weekday numbers as a mask; nullopt when it is not one.
std::optional<unsigned> days_of(const json::value& v) {
  if (!v.is_array()) return std::nullopt;
  unsigned mask = 0;
  for (const auto& d : v.get_array()) {
    if (!d.is_int64() || d.get_int64() < 0 || d.get_int64() > 6) return std::nullopt;
    mask |= 1U << d.get_int64();
  }
  return mask;
}

std::vector<std::string> strings_of(const json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& s : v->get_array()) {
    if (s.is_string()) out.emplace_back(s.get_string());
  }
  return out;
}

json::array strings_json(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.emplace_back(s);
  return out;
}

std::int64_t until_json(std::int64_t until) { return until >= kForeverJson ? kForeverJson : until; }

json::object dnd_json(const DoNotDisturb& dnd) {
  const auto& q = dnd.schedule;
  return {{"until", dnd.until == 0 ? json::value(nullptr) : json::value(until_json(dnd.until))},
          {"schedule",
           json::object{
               {"enabled", q.enabled}, {"start", hhmm(q.start)}, {"end", hhmm(q.end)}, {"days", days_json(q.days)}}},
          {"allow", strings_json(dnd.allow)}};
}

// The stored quiet hours (checked when they were set): what is not of its type keeps its default.
QuietHours schedule_from(const json::object& o) {
  QuietHours q;
  if (const auto* v = o.if_contains("enabled"); v != nullptr && v->is_bool()) q.enabled = v->get_bool();
  if (const auto* v = o.if_contains("start"); v != nullptr && v->is_string()) {
    q.start = minutes_of(v->get_string()).value_or(q.start);
  }
  if (const auto* v = o.if_contains("end"); v != nullptr && v->is_string()) {
    q.end = minutes_of(v->get_string()).value_or(q.end);
  }
  if (const auto* v = o.if_contains("days")) q.days = days_of(*v).value_or(q.days);
  return q;
}

Error invalid(std::string message) { return Error{Errc::kInvalidInput, std::move(message)}; }

}  // namespace

NotificationSettings settings_from(std::string_view document) {
  NotificationSettings s;
  boost::system::error_code ec;
  const json::value v = json::parse(document, ec);
  if (ec || !v.is_object()) return s;
  const auto& o = v.get_object();
  const auto flag = [&o](std::string_view key, bool& field) {
    if (const auto* f = o.if_contains(key); f != nullptr && f->is_bool()) field = f->get_bool();
  };
  flag("push", s.push);
  flag("previews", s.previews);
  flag("sound", s.sound);
  s.keywords = strings_of(o.if_contains("keywords"));
  if (const auto* z = o.if_contains("timeZone"); z != nullptr && z->is_string()) s.time_zone = z->get_string();
  flag("email", s.email);
  if (const auto* m = o.if_contains("emailDelayMinutes"); m != nullptr && m->is_int64()) {
    s.email_delay_minutes =
        static_cast<int>(std::clamp<std::int64_t>(m->get_int64(), kMinEmailDelayMinutes, kMaxEmailDelayMinutes));
  }
  if (const auto* e = o.if_contains("emailVerified"); e != nullptr && e->is_string()) {
    s.email_verified = e->get_string();
  }
  if (const auto* d = o.if_contains("dnd"); d != nullptr && d->is_object()) {
    const auto& dnd = d->get_object();
    if (const auto* u = dnd.if_contains("until"); u != nullptr && u->is_int64()) s.dnd.until = u->get_int64();
    if (const auto* q = dnd.if_contains("schedule"); q != nullptr && q->is_object()) {
      s.dnd.schedule = schedule_from(q->get_object());
    }
    s.dnd.allow = strings_of(dnd.if_contains("allow"));
  }
  return s;
}

std::string settings_document(const NotificationSettings& settings) {
  return json::serialize(json::object{{"push", settings.push},
                                      {"previews", settings.previews},
                                      {"sound", settings.sound},
                                      {"keywords", strings_json(settings.keywords)},
                                      {"timeZone", settings.time_zone},
                                      {"dnd", dnd_json(settings.dnd)},
                                      {"email", settings.email},
                                      {"emailDelayMinutes", settings.email_delay_minutes},
                                      {"emailVerified", settings.email_verified}});
}

bool gets_emails(const NotificationSettings& settings, std::string_view account_email) {
  return settings.email && !settings.email_verified.empty() && settings.email_verified == account_email;
}

std::optional<Error> set_keywords(NotificationSettings& settings, const std::vector<std::string>& keywords) {
  std::vector<std::string> kept;
  std::unordered_set<std::string> forms;
  for (const auto& k : keywords) {
    if (!util::is_valid_utf8(k)) return invalid("keywords must be valid UTF-8");
    const auto first = k.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return invalid("a keyword must not be blank");
    const auto last = k.find_last_not_of(" \t\r\n");
    std::string word = k.substr(first, last - first + 1);
    const auto chars = util::utf8_length(word);
    if (chars < kMinKeywordChars || chars > kMaxKeywordChars) {
      return invalid("a keyword must have " + std::to_string(kMinKeywordChars) + " to " +
                     std::to_string(kMaxKeywordChars) + " characters");
    }
    const auto form = util::search_text(word);
    if (form.find_first_not_of(' ') == std::string::npos) return invalid("a keyword needs a letter or a digit");
    if (forms.insert(form).second) kept.push_back(std::move(word));
  }
  if (kept.size() > kMaxKeywords) return invalid("at most " + std::to_string(kMaxKeywords) + " keywords");
  settings.keywords = std::move(kept);
  return std::nullopt;
}

std::optional<Error> set_time_zone(NotificationSettings& settings, std::string_view zone) {
  if (!known_time_zone(zone)) return invalid("timeZone must be an IANA time zone such as Europe/Paris");
  settings.time_zone = std::string(zone);
  return std::nullopt;
}

std::optional<Error> apply_dnd(NotificationSettings& settings, const json::object& dnd) {
  DoNotDisturb next = settings.dnd;
  if (const auto* u = dnd.if_contains("until")) {
    if (u->is_null()) {
      next.until = 0;
    } else if (u->is_int64() && u->get_int64() > 0) {
      next.until = std::min(u->get_int64(), kForeverJson);
    } else {
      return invalid("dnd.until must be a time in epoch milliseconds, or null");
    }
  }
  if (const auto* q = dnd.if_contains("schedule")) {
    if (!q->is_object()) return invalid("dnd.schedule must be an object {enabled, start, end, days}");
    const auto& o = q->get_object();
    QuietHours hours = next.schedule;
    if (const auto* e = o.if_contains("enabled")) {
      if (!e->is_bool()) return invalid("dnd.schedule.enabled must be true or false");
      hours.enabled = e->get_bool();
    }
    for (auto [key, field] : {std::pair{"start", &hours.start}, std::pair{"end", &hours.end}}) {
      if (const auto* t = o.if_contains(key)) {
        const auto minutes = t->is_string() ? minutes_of(t->get_string()) : std::nullopt;
        if (!minutes) return invalid(std::string("dnd.schedule.") + key + " must be a time \"HH:MM\"");
        *field = *minutes;
      }
    }
    if (const auto* d = o.if_contains("days")) {
      const auto days = days_of(*d);
      if (!days) return invalid("dnd.schedule.days must be a list of weekdays, 0 (Sunday) to 6");
      hours.days = *days;
    }
    if (hours.start == hours.end) return invalid("dnd.schedule must end at another time than it starts");
    if (hours.enabled && hours.days == 0) return invalid("dnd.schedule needs at least one day");
    next.schedule = hours;
  }
  if (const auto* a = dnd.if_contains("allow")) {
    if (!a->is_array()) return invalid("dnd.allow must be a list of user ids");
    std::vector<std::string> allow;
    for (const auto& id : a->get_array()) {
      if (!id.is_string() || id.get_string().empty()) return invalid("dnd.allow must be a list of user ids");
      if (std::find(allow.begin(), allow.end(), id.get_string()) == allow.end()) allow.emplace_back(id.get_string());
    }
    if (allow.size() > kMaxDndAllowed)
      return invalid("dnd.allow holds at most " + std::to_string(kMaxDndAllowed) + " people");
    next.allow = std::move(allow);
  }
  settings.dnd = std::move(next);
  return std::nullopt;
}

std::string_view level_name(store::NotifyLevel level) {
  switch (level) {
    case store::NotifyLevel::kMentions:
      return "mentions";
    case store::NotifyLevel::kNothing:
      return "nothing";
    case store::NotifyLevel::kAll:
      break;
  }
  return "all";
}

std::optional<store::NotifyLevel> level_from(std::string_view name) {
  for (auto l : {store::NotifyLevel::kAll, store::NotifyLevel::kMentions, store::NotifyLevel::kNothing}) {
    if (name == level_name(l)) return l;
  }
  return std::nullopt;
}

json::object chat_notify_json(const store::ChatNotify& setting) {
  json::object o{{"chatId", setting.chat_id}, {"level", level_name(setting.level)}};
  if (setting.muted_until == 0) {
    o["mutedUntil"] = nullptr;
  } else {
    o["mutedUntil"] = until_json(setting.muted_until);
  }
  return o;
}

json::object notifications_json(const NotificationView& view) {
  json::array chats;
  for (const auto& c : view.chats) chats.push_back(chat_notify_json(c));
  const auto& s = view.settings;
  return {{"push", s.push},
          {"previews", s.previews},
          {"sound", s.sound},
          {"keywords", strings_json(s.keywords)},
          {"timeZone", s.time_zone},
          {"dnd", dnd_json(s.dnd)},
          {"dndActiveUntil", view.dnd_until ? json::value(until_json(*view.dnd_until)) : json::value(nullptr)},
          {"email", s.email},
          {"emailDelayMinutes", s.email_delay_minutes},
          {"emailAddress", view.email_address},
          {"emailVerified", !view.email_address.empty() && s.email_verified == view.email_address},
          {"emailAvailable", view.email_available},
          {"chats", std::move(chats)}};
}

std::string_view dnd_shape() {
  return R"j({"type": "object", "description": "Do not disturb: each part given replaces that part", "properties": {
  "until": {"type": ["integer", "null"], "description": "switched on by hand until this time (epoch ms; 9007199254740991: until switched off); null: off"},
  "schedule": {"type": "object", "description": "daily quiet hours in timeZone", "properties": {
    "enabled": {"type": "boolean"},
    "start": {"type": "string", "description": "HH:MM"},
    "end": {"type": "string", "description": "HH:MM; before start: the next day"},
    "days": {"type": "array", "items": {"type": "integer"}, "description": "the weekdays they start on, 0 (Sunday) to 6"}}},
  "allow": {"type": "array", "items": {"type": "string"}, "description": "user ids whose mentions still notify"}}})j";
}

}  // namespace parley::chat
