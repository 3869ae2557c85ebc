// Users and presence: users:list, user:get-online, user:get-presence.
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

namespace {

std::string_view presence_name(bus::PresenceState s) {
  switch (s) {
    case bus::PresenceState::kOnline:
      return "online";
    case bus::PresenceState::kAway:
      return "away";
    case bus::PresenceState::kOffline:
      break;
  }
  return "offline";
}

}  // namespace

std::vector<EventSpec> people_events(EventContext& ctx) {
  return {
      {"users:list",
       {},
       "{status, users}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object&, Ack ack) {
         auto r = ctx.chat.people.list_users(user);
         if (!r) return ack(error_ack(r.error()));
         json::array users;
         for (const auto& v : *r) users.push_back(chat::user_json(v.user, v.online));
         ack(ok({{"users", std::move(users)}}));
       }},
      {"user:get-online",
       {},
       "{status, users (ids), count}",
       "",
       [&ctx](Socket&, const chat::Actor&, const json::object&, Ack ack) {
         auto users = ctx.chat.people.online_users();
         json::array ids;
         for (auto& u : users) ids.emplace_back(u);
         const auto count = ids.size();
         ack(ok({{"users", std::move(ids)}, {"count", count}}));
       }},
      {"user:get-presence",
       {chat::required_string("userId")},
       "{status, presence: {userId, status, lastSeen}}",
       "",
       [&ctx](Socket&, const chat::Actor&, const json::object& a, Ack ack) {
         auto r = ctx.chat.people.presence_of(chat::text(a, "userId"));
         if (!r) return ack(error_ack(r.error()));
         json::object presence{{"userId", r->user_id}, {"status", presence_name(r->state)}};
         presence["lastSeen"] = r->last_seen ? json::value(*r->last_seen) : json::value(nullptr);
         ack(ok({{"presence", std::move(presence)}}));
       }},
  };
}

}  // namespace parley::realtime
