// Groups: group:create, group:add, group:remove, group:leave, group:role, group:owner,
// group:update, group:settings, group:members, group:invite, group:invites,
// group:invite:revoke, invite:get, invite:join. The rules are GroupService's.
#include "chat/groups/group_wire.hpp"
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"
#include "store/outbox_events.hpp"

namespace parley::realtime {

namespace json = boost::json;

namespace {

json::object group_ack(const store::Chat& chat, std::optional<store::Role> role) {
  return ok({{"chat", chat::chat_json(chat, role)}});
}

chat::Schema settings_schema() {
  std::vector<chat::Field> fields{chat::required_string("chatId")};
  for (auto& f : chat::settings_fields()) fields.push_back(std::move(f));
  return chat::Schema(std::move(fields));
}

}  // namespace

std::vector<EventSpec> group_events(EventContext& ctx) {
  using store::Role;
  return {
      {"group:create",
       {chat::required_string("title"), chat::optional_string("description"),
        chat::required_string_list("memberIds", chat::GroupService::kMaxAddedAtOnce)},
       "{status, chat}",
       "chat:added to every member's devices; the \"created\" system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r =
             ctx.chat.groups.create(user, {chat::text(a, "title"), chat::optional_text(a, "description").value_or(""),
                                           chat::text_list(a, "memberIds")});
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, Role::kOwner));
       }},
      {"group:add",
       {chat::required_string("chatId"), chat::required_string_list("userIds", chat::GroupService::kMaxAddedAtOnce)},
       "{status, chat}",
       "chat:added to the new members, chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.add_members(user, chat::text(a, "chatId"), chat::text_list(a, "userIds"));
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, std::nullopt));
       }},
      {"group:remove",
       {chat::required_string("chatId"), chat::required_string("userId")},
       "{status, chat}",
       "chat:removed to the removed member, chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.remove_member(user, chat::text(a, "chatId"), chat::text(a, "userId"));
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, std::nullopt));
       }},
      {"group:leave",
       {chat::required_string("chatId")},
       "{status}",
       "chat:removed to the caller's devices, chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.leave(user, chat::text(a, "chatId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
      {"group:role",
       {chat::required_string("chatId"), chat::required_string("userId"), chat::required_string("role")},
       "{status, chat}",
       "chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const auto role = chat::text(a, "role");
         if (role != "admin" && role != "member") {
           return ack(error_ack(chat::Errc::kInvalidInput, "role must be \"admin\" or \"member\""));
         }
         auto r = ctx.chat.groups.set_role(user, chat::text(a, "chatId"), chat::text(a, "userId"),
                                           role == "admin" ? Role::kAdmin : Role::kMember);
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, std::nullopt));
       }},
      {"group:owner",
       {chat::required_string("chatId"), chat::required_string("userId")},
       "{status, chat}",
       "chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.transfer_ownership(user, chat::text(a, "chatId"), chat::text(a, "userId"));
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, Role::kAdmin));
       }},
      {"group:update",
       {chat::required_string("chatId"), chat::optional_string("title"), chat::optional_string("description"),
        chat::optional_string("avatarColor")},
       "{status, chat}",
       "chat:updated to the members, system messages for a new title or description",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.update_info(user, chat::text(a, "chatId"),
                                              {chat::optional_text(a, "title"), chat::optional_text(a, "description"),
                                               chat::optional_text(a, "avatarColor")});
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, std::nullopt));
       }},
      {"group:settings", settings_schema(), "{status, chat}", "chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto patch = chat::settings_patch(a);
         if (!patch) return ack(error_ack(patch.error()));
         auto r = ctx.chat.groups.update_settings(user, chat::text(a, "chatId"), *patch);
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, std::nullopt));
       }},
      {"message:receipts",
       {chat::required_string("messageId"), chat::optional_integer_at_least("after", -1),
        chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxMemberPage))},
       "{status, members, nextAfter}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.receipts(user, "", chat::text(a, "messageId"),
                                           chat::optional_integer(a, "after").value_or(-1),
                                           static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(100)));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::member_list_json(*r)));
       }},
      {"group:invite",
       [] {
         std::vector<chat::Field> fields{chat::required_string("chatId")};
         for (auto& f : chat::invite_fields()) fields.push_back(std::move(f));
         return chat::Schema(std::move(fields));
       }(),
       "{status, invite}", "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.create_invite(user, chat::text(a, "chatId"), chat::new_invite(a));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"invite", chat::invite_json(*r, ctx.chat.now())}}));
       }},
      {"group:invites",
       {chat::required_string("chatId")},
       "{status, invites}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.invites(user, chat::text(a, "chatId"));
         if (!r) return ack(error_ack(r.error()));
         json::array out;
         const auto now = ctx.chat.now();
         for (const auto& i : *r) out.push_back(chat::invite_json(i, now));
         ack(ok({{"invites", std::move(out)}}));
       }},
      {"group:invite:revoke",
       {chat::required_string("chatId"), chat::required_string("token")},
       "{status, invite}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.revoke_invite(user, chat::text(a, "chatId"), chat::text(a, "token"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"invite", chat::invite_json(*r, ctx.chat.now())}}));
       }},
      {"invite:get",
       {chat::required_string("token")},
       "{status, chat, member, expiresAt}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.preview(user, chat::text(a, "token"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::invite_preview_json(*r)));
       }},
      {"invite:join",
       {chat::required_string("token")},
       "{status, chat}",
       "chat:added to the caller's devices, chat:updated to the members, a system message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.groups.join(user, chat::text(a, "token"));
         if (!r) return ack(error_ack(r.error()));
         ack(group_ack(*r, std::nullopt));
       }},
      {"group:members",
       {chat::required_string("chatId"), chat::optional_integer_at_least("after", -1),
        chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxMemberPage))},
       "{status, members, nextAfter}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r =
             ctx.chat.groups.members(user, chat::text(a, "chatId"), chat::optional_integer(a, "after").value_or(-1),
                                     static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(100)));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::member_list_json(*r)));
       }},
  };
}

}  // namespace parley::realtime
