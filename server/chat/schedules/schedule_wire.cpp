#include "chat/schedules/schedule_wire.hpp"

#include "chat/schedules/recurrence.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace parley::chat {

namespace json = boost::json;

namespace {

json::value optional_value(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value optional_value(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

}  // namespace

std::vector<std::int64_t> upcoming_of(const store::ScheduledMessage& s, std::size_t limit) {
  if (s.state != store::ScheduleState::kPending || !s.next_at) return {};
  auto timing = schedules::timing_of(s.start, s.time_zone, s.rrule);
  if (!timing) return {*s.next_at};
  return schedules::occurrences(*timing, *s.next_at - 1, limit);
}

json::object schedule_json(const store::ScheduledMessage& s) {
  json::object o;
  o["id"] = s.id;
  o["chatId"] = s.chat_id;
  o["content"] = s.content;
  o["timeZone"] = s.time_zone;
  o["start"] = s.start;
  o["rrule"] = optional_value(s.rrule);
  o["recipientZone"] = s.recipient_zone;
  o["state"] = store::schedule_state_name(s.state);
  o["nextAt"] = optional_value(s.next_at);
  json::array upcoming;
  for (const auto at : upcoming_of(s)) upcoming.emplace_back(at);
  o["upcoming"] = std::move(upcoming);
  o["sentCount"] = s.sent_count;
  o["missedCount"] = s.missed_count;
  o["lastSentAt"] = optional_value(s.last_sent_at);
  o["lastMissedAt"] = optional_value(s.last_missed_at);
  o["lastMessageId"] = optional_value(s.last_message_id);
  o["reason"] = optional_value(s.reason);
  o["version"] = s.version;
  o["createdAt"] = s.created_at;
  o["updatedAt"] = s.updated_at;
  boost::system::error_code ec;
  auto files = s.attachments ? json::parse(*s.attachments, ec) : json::value(json::array());
  o["attachments"] = !ec && files.is_array() ? std::move(files) : json::value(json::array());
  return o;
}

}  // namespace parley::chat
