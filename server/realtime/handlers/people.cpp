// Users and presence: users:list, user:get-online, user:get-presence, presence:subscribe,
// presence:unsubscribe; blocks: user:block, user:unblock, blocks:list.
#include "chat/moderation/block_wire.hpp"
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"
#include "util/ids.hpp"

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

json::object presence_json(const chat::PresenceView& p) {
  json::object o{
      {"userId", p.user_id}, {"isOnline", p.state != bus::PresenceState::kOffline}, {"status", presence_name(p.state)}};
  o["lastSeen"] = p.last_seen ? json::value(*p.last_seen) : json::value(nullptr);
  return o;
}

// On the socket's shard: joins the watch rooms of the users not watched yet (bounded per
// socket), then reads their presence on the socket's queue. The rooms are joined before the
// read, so a change after it reaches the socket as users:update.
void subscribe(EventContext& ctx, Socket& s, SocketState& state, const json::object& a, Ack ack) {
  auto ids = chat::text_list(a, "userIds");
  std::vector<std::string> rooms;
  for (const auto& id : ids) {
    if (!util::is_uuid(id)) return ack(error_ack(chat::Errc::kInvalidInput, "userIds must be UUIDs"));
    if (!state.watched.contains(id)) rooms.push_back(watch_room(id));
  }
  if (state.watched.size() + rooms.size() > kMaxWatchedPerSocket) {
    return ack(error_ack(chat::Errc::kInvalidInput, "A connection watches at most " +
                                                        std::to_string(kMaxWatchedPerSocket) +
                                                        " users' presence; unsubscribe from some first"));
  }
  for (const auto& id : ids) state.watched.insert(id);
  s.join(std::move(rooms));
  state.queue->post([&ctx, actor = chat::Actor(state.principal.user_id, state.principal.session_id),
                     ids = std::move(ids), ack = std::move(ack)] {
    auto seen = ctx.chat.people.presence_of_many(actor, ids);
    if (!seen) return ack(error_ack(seen.error()));
    json::array presence;
    for (const auto& p : *seen) presence.push_back(presence_json(p));
    ack(ok({{"presence", std::move(presence)}}));
  });
}

void unsubscribe(Socket& s, SocketState& state, const json::object& a, const Ack& ack) {
  std::vector<std::string> rooms;
  for (const auto& id : chat::text_list(a, "userIds")) {
    if (state.watched.erase(id) > 0) rooms.push_back(watch_room(id));
  }
  s.leave(std::move(rooms));
  ack(ok());
}

void list_blocks(EventContext& ctx, const chat::Actor& user, const Ack& ack) {
  auto list = ctx.chat.blocks.list(user);
  if (!list) return ack(error_ack(list.error()));
  auto o = chat::blocks_json(*list);
  ack(ok({{"blocks", std::move(o["blocks"])}}));
}

}  // namespace

std::vector<EventSpec> people_events(EventContext& ctx) {
  return {
      {"users:list",
       {},
       "{status, users}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object&, const Ack& ack) {
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
       [&ctx](Socket&, const chat::Actor& user, const json::object&, const Ack& ack) {
         auto users = ctx.chat.people.online_users(user);
         if (!users) return ack(error_ack(users.error()));
         json::array ids;
         for (auto& u : *users) ids.emplace_back(u);
         const auto count = ids.size();
         ack(ok({{"users", std::move(ids)}, {"count", count}}));
       }},
      {"user:get-presence",
       {chat::required_string("userId")},
       "{status, presence: {userId, status, lastSeen}}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.people.presence_of(user, chat::text(a, "userId"));
         if (!r) return ack(error_ack(r.error()));
         json::object presence{{"userId", r->user_id}, {"status", presence_name(r->state)}};
         presence["lastSeen"] = r->last_seen ? json::value(*r->last_seen) : json::value(nullptr);
         ack(ok({{"presence", std::move(presence)}}));
       }},
      EventSpec::on_shard(
          "presence:subscribe", {chat::required_string_list("userIds", 200)},
          "{status, presence: [{userId, isOnline, status, lastSeen}]}",
          "users:update for these users from now on (at most 1000 watched per connection; for a client that "
          "declared scoped-presence, which hears its contacts already)",
          [&ctx](Socket& s, SocketState& state, const json::object& a, Ack ack) {
            subscribe(ctx, s, state, a, std::move(ack));
          }),
      EventSpec::on_shard(
          "presence:unsubscribe", {chat::required_string_list("userIds", 200)}, "{status}",
          "no more users:update for these users, unless they are contacts",
          [](Socket& s, SocketState& state, const json::object& a, const Ack& ack) { unsubscribe(s, state, a, ack); }),
      {"blocks:list",
       {},
       "{status, blocks: [{user: User, blockedAt}]}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object&, const Ack& ack) { list_blocks(ctx, user, ack); }},
      {"user:block",
       {chat::required_string("userId")},
       "{status, blocks}",
       "blocks:updated to the caller's devices; neither sends into the private chat any longer (blocked), the person "
       "cannot add the caller to groups, and neither sees the other's presence",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         if (auto r = ctx.chat.blocks.set(user, chat::text(a, "userId"), true); !r) return ack(error_ack(r.error()));
         list_blocks(ctx, user, ack);
       }},
      {"user:unblock",
       {chat::required_string("userId")},
       "{status, blocks}",
       "blocks:updated to the caller's devices",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         if (auto r = ctx.chat.blocks.set(user, chat::text(a, "userId"), false); !r) return ack(error_ack(r.error()));
         list_blocks(ctx, user, ack);
       }},
  };
}

}  // namespace parley::realtime
