// Scheduled and recurring messages (chat/schedules): the caller's, per chat and all of them,
// created, changed, cancelled and sent now; and the preview of a timing's next occurrences.
#include "chat/schedules/schedule_service.hpp"
#include "chat/schedules/schedule_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr const char* kScheduled =
    "ScheduledMessage: {id, chatId, content, timeZone, start (local, YYYY-MM-DDTHH:MM:SS), rrule (null: once), "
    "recipientZone, state: pending|done|cancelled, nextAt, upcoming [epoch ms, at most 5], sentCount, missedCount, "
    "lastSentAt, lastMissedAt, lastMessageId, reason (why the server cancelled it: no_access|rejected), version, "
    "createdAt, updatedAt, attachments [Attachment]}; times in epoch ms";

constexpr const char* kTiming =
    "start: a local date and time (YYYY-MM-DDTHH:MM[:SS]) in timeZone (an IANA zone; default: the caller's, from "
    "their notification settings), the first occurrence, in the future and at most a year ahead. rrule: an RFC 5545 "
    "RRULE (FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL, BYDAY with ordinals in monthly rules such as -1FR, "
    "BYMONTHDAY, COUNT, UNTIL), evaluated in timeZone (a 09:00 stays at 09:00 across daylight-saving changes; a time "
    "the clocks skip happens as much later; one they repeat, the first time). recipientZone (private chats): the "
    "time is the other person's, in their time zone.";

chat::ScheduleInput input_of(const RestCall& c) {
  chat::ScheduleInput in;
  in.content = chat::optional_text(c.body, "content");
  in.start = chat::optional_text(c.body, "start");
  in.time_zone = chat::optional_text(c.body, "timeZone");
  if (const auto* rrule = c.body.if_contains("rrule")) {
    in.rrule = rrule->is_string() ? std::optional<std::string>(std::string(rrule->get_string())) : std::nullopt;
  }
  in.recipient_zone = chat::optional_boolean(c.body, "recipientZone");
  in.version = chat::optional_integer(c.body, "version");
  return in;
}

json::array list_json(const std::vector<store::ScheduledMessage>& list) {
  json::array out;
  for (const auto& s : list) out.push_back(chat::schedule_json(s));
  return out;
}

chat::Schema timing_fields() {
  return {chat::optional_string("start").describe("the first occurrence, local time"),
          chat::optional_string("timeZone").describe("an IANA time zone"),
          chat::optional_string("rrule").describe("the recurrence; null or absent: once"),
          chat::optional_field("recipientZone", chat::FieldType::kBoolean)
              .describe("private chats: the time is the other person's")};
}

chat::Schema with(const chat::Schema& base, std::initializer_list<chat::Field> more) {
  auto fields = base.fields();
  fields.insert(fields.end(), more.begin(), more.end());
  return chat::Schema(std::move(fields));
}

}  // namespace

std::vector<RouteSpec> schedule_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/chats/:chatId/scheduled"};
    r.summary = "Schedule a message (once or recurring)";
    r.description = std::string(kTiming) +
                    " Only the caller sees it until it is sent; their devices hear "
                    "scheduled:updated. Each occurrence is sent as the caller, marked scheduled.";
    r.body = with(timing_fields(),
                  {chat::optional_string("content").describe("the text; required unless files are attached"),
                   chat::optional_string_list("attachments", chat::kMaxAttachmentsListed)
                       .describe("ids of the caller's finished uploads it carries (the text is then their caption)")});
    r.responses = R"j({"201": {"description": ")j" + std::string(kScheduled) + R"j("},
      "400": {"description": "the text, the time, the zone or the rule is wrong (the message names it)"}, "401": {"description": "unauthorized"},
      "403": {"description": "not a participant"}, "404": {"description": "no such chat"}, "429": {"description": "too many pending scheduled messages"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto in = input_of(c);
      in.attachments = chat::text_list(c.body, "attachments");  // checked by the body's schema
      auto s = ctx.chat.schedules.create(c.actor(), c.params.get("chatId"), in);
      if (!s) return error(s.error());
      return json_ok(201, json::object{{"scheduled", chat::schedule_json(*s)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/scheduled"};
    r.summary = "The caller's pending scheduled messages in a chat, the next first";
    r.responses =
        R"j({"200": {"description": "{scheduled: [ScheduledMessage]}"}, "401": {"description": "unauthorized"},
      "403": {"description": "not a participant"}, "404": {"description": "no such chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.schedules.list(c.actor(), c.params.get("chatId"));
      if (!list) return error(list.error());
      return json_ok(200, json::object{{"scheduled", list_json(*list)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/scheduled"};
    r.summary = "All the caller's pending scheduled messages, the next first";
    r.responses =
        R"j({"200": {"description": "{scheduled: [ScheduledMessage]}"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.schedules.list_all(c.actor());
      if (!list) return error(list.error());
      return json_ok(200, json::object{{"scheduled", list_json(*list)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/me/scheduled/preview"};
    r.summary = "The next five occurrences of a timing, before saving it";
    r.description = kTiming;
    r.body = timing_fields();
    r.responses = R"j({"200": {"description": "{occurrences: [epoch ms]}"},
      "400": {"description": "the time, the zone or the rule is wrong (the message names it)"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.schedules.preview(c.actor(), input_of(c), chat::kUpcomingShown);
      if (!list) return error(list.error());
      json::array out;
      for (const auto at : *list) out.emplace_back(at);
      return json_ok(200, json::object{{"occurrences", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/scheduled/:scheduledId"};
    r.summary = "One of the caller's scheduled messages, pending or ended (done, cancelled: with how)";
    r.responses = R"j({"200": {"description": "{scheduled: ScheduledMessage}"}, "401": {"description": "unauthorized"},
      "404": {"description": "not a scheduled message of the caller in this chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto s = ctx.chat.schedules.get(c.actor(), c.params.get("chatId"), c.params.get("scheduledId"));
      if (!s) return error(s.error());
      return json_ok(200, json::object{{"scheduled", chat::schedule_json(*s)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/chats/:chatId/scheduled/:scheduledId"};
    r.summary = "Change a pending scheduled message";
    r.description = std::string(kTiming) +
                    " Members left out stay as they are; rrule null makes it happen once. version: the version "
                    "read (optional; 409 when another change came between). While it is being sent, 409.";
    r.body = with(
        timing_fields(),
        {chat::optional_string("content").describe("the text"),
         chat::optional_field("version", chat::FieldType::kInteger).describe("the version the change was made on")});
    r.responses = R"j({"200": {"description": "{scheduled: ScheduledMessage}"}, "400": {"description": "what is wrong"},
      "401": {"description": "unauthorized"}, "404": {"description": "not a pending scheduled message of the caller in this chat"},
      "409": {"description": "changed meanwhile, or being sent"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto s = ctx.chat.schedules.change(c.actor(), c.params.get("chatId"), c.params.get("scheduledId"), input_of(c));
      if (!s) return error(s.error());
      return json_ok(200, json::object{{"scheduled", chat::schedule_json(*s)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/chats/:chatId/scheduled/:scheduledId"};
    r.summary = "Cancel a pending scheduled message";
    r.responses = R"j({"204": {"description": "cancelled"}, "401": {"description": "unauthorized"},
      "404": {"description": "not a pending scheduled message of the caller in this chat"}, "409": {"description": "being sent"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done = ctx.chat.schedules.cancel(c.actor(), c.params.get("chatId"), c.params.get("scheduledId"));
      if (!done) return error(done.error());
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/chats/:chatId/scheduled/:scheduledId/send"};
    r.summary = "Send a scheduled message's next occurrence now";
    r.description = "A message scheduled once is then done; a recurring one goes on from its following occurrence.";
    r.responses = R"j({"200": {"description": "{message: ChatMessage, scheduled: ScheduledMessage}"},
      "401": {"description": "unauthorized"}, "404": {"description": "not a pending scheduled message of the caller in this chat"},
      "409": {"description": "being sent already"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto sent = ctx.chat.schedules.send_now(c.actor(), c.params.get("chatId"), c.params.get("scheduledId"));
      if (!sent) return error(sent.error());
      return json_ok(200, json::object{{"message", chat::message_json(sent->message.message)},
                                       {"scheduled", chat::schedule_json(sent->schedule)}});
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
