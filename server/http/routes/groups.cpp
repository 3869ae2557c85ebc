// Groups: creating them, their members, roles, info and settings. The rules are GroupService's.
#include "chat/groups/group_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr std::string_view kChatResponses =
    R"j({"200": {"description": "the group as it is now", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}},
      "400": {"description": "invalid input"}, "403": {"description": "not a member, or without the right"},
      "404": {"description": "unknown chat or user"}, "409": {"description": "nothing to change, or member_limit"}})j";

constexpr std::string_view kInviteResponses =
    R"j({"200": {"description": "the invite link", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Invite"}}}},
      "201": {"description": "the new invite link", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Invite"}}}},
      "400": {"description": "invalid input"}, "403": {"description": "not an admin"},
      "404": {"description": "unknown chat or invite link"}, "409": {"description": "too many usable links"}})j";

Response chat_or_error(const chat::Result<store::Chat>& r, unsigned status = 200) {
  if (!r) return error(r.error());
  return json_ok(status, chat::chat_json(*r));
}

RouteSpec route(Verb method, const std::string& path, std::string summary, RestHandler run) {
  RouteSpec r;
  r.method = method;
  r.paths = {"/api/v1" + path};
  r.summary = std::move(summary);
  r.responses = std::string(kChatResponses);
  r.run = std::move(run);
  return r;
}

}  // namespace

std::vector<RouteSpec> group_routes(RouteContext& ctx) {
  using store::Role;
  std::vector<RouteSpec> routes;
  {
    auto r = route(Verb::post, "/groups", "Create a group; the caller is its owner", [&ctx](const RestCall& c) {
      auto g = ctx.chat.groups.create(
          c.actor(), {chat::text(c.body, "title"), chat::optional_text(c.body, "description").value_or(""),
                      chat::text_list(c.body, "memberIds")});
      if (!g) return error(g.error());
      return json_ok(201, chat::chat_json(*g, Role::kOwner));
    });
    r.body = {chat::required_string("title"), chat::optional_string("description"),
              chat::required_string_list("memberIds", chat::GroupService::kMaxAddedAtOnce)};
    r.description = "title 1-128 characters, description up to 2000; memberIds besides the caller.";
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/members"};
    r.query =
        chat::Schema{chat::optional_integer_at_least("after", -1).describe("the position of the last member seen"),
                     chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxMemberPage))};
    r.summary = "A group's members in join order, a page at a time";
    r.responses =
        R"j({"200": {"description": "{members, nextAfter}", "content": {"application/json": {"schema": {"type": "object", "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}, "nextAfter": {"type": ["integer", "null"]}}}}}},
      "403": {"description": "not a member"}, "404": {"description": "unknown chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto page = ctx.chat.groups.members(
          c.actor(), c.params.get("chatId"), chat::optional_integer(c.query, "after").value_or(-1),
          static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(100)));
      if (!page) return error(page.error());
      return json_ok(200, chat::member_list_json(*page));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/messages/:messageId/receipts"};
    r.query =
        chat::Schema{chat::optional_integer_at_least("after", -1).describe("the position of the last member seen"),
                     chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxMemberPage))};
    r.summary = "Who has a group message: the members it reached, with when, and whether and when they read it";
    r.responses =
        R"j({"200": {"description": "{members, nextAfter}: members with deliveredAt, read, readAt", "content": {"application/json": {"schema": {"type": "object", "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}, "nextAfter": {"type": ["integer", "null"]}}}}}},
      "400": {"description": "not a group message"}, "403": {"description": "not a member"}, "404": {"description": "unknown message"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto page =
          ctx.chat.groups.receipts(c.actor(), c.params.get("chatId"), c.params.get("messageId"),
                                   chat::optional_integer(c.query, "after").value_or(-1),
                                   static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(100)));
      if (!page) return error(page.error());
      return json_ok(200, chat::member_list_json(*page));
    };
    routes.push_back(std::move(r));
  }
  {
    auto r = route(Verb::post, "/chats/:chatId/members", "Add members to a group", [&ctx](const RestCall& c) {
      return chat_or_error(
          ctx.chat.groups.add_members(c.actor(), c.params.get("chatId"), chat::text_list(c.body, "userIds")));
    });
    r.body = {chat::required_string_list("userIds", chat::GroupService::kMaxAddedAtOnce)};
    routes.push_back(std::move(r));
  }
  routes.push_back(route(Verb::delete_, "/chats/:chatId/members/:userId",
                         "Remove a member (admins; the caller's own id leaves the group)", [&ctx](const RestCall& c) {
                           return chat_or_error(ctx.chat.groups.remove_member(c.actor(), c.params.get("chatId"),
                                                                              c.params.get("userId")));
                         }));
  {
    auto r = route(Verb::post, "/chats/:chatId/leave", "Leave a group", [&ctx](const RestCall& c) {
      auto left = ctx.chat.groups.leave(c.actor(), c.params.get("chatId"));
      if (!left) return error(left.error());
      Response res;
      res.result(204);
      return res;
    });
    r.responses =
        R"j({"204": {"description": "left"}, "403": {"description": "not a member"}, "404": {"description": "unknown chat"}})j";
    routes.push_back(std::move(r));
  }
  {
    auto r =
        route(Verb::put, "/chats/:chatId/members/:userId/role", "Make a member an admin, or an admin a member",
              [&ctx](const RestCall& c) {
                const auto role = chat::text(c.body, "role");
                if (role != "admin" && role != "member") {
                  return error(chat::Errc::kInvalidInput, "role must be \"admin\" or \"member\"");
                }
                return chat_or_error(ctx.chat.groups.set_role(c.actor(), c.params.get("chatId"), c.params.get("userId"),
                                                              role == "admin" ? Role::kAdmin : Role::kMember));
              });
    r.body = {chat::required_string("role")};
    routes.push_back(std::move(r));
  }
  {
    auto r = route(Verb::post, "/chats/:chatId/owner", "Transfer ownership (the owner becomes an admin)",
                   [&ctx](const RestCall& c) {
                     return chat_or_error(ctx.chat.groups.transfer_ownership(c.actor(), c.params.get("chatId"),
                                                                             chat::text(c.body, "userId")));
                   });
    r.body = {chat::required_string("userId")};
    routes.push_back(std::move(r));
  }
  {
    auto r = route(Verb::patch, "/chats/:chatId", "Change a group's title, description or avatar colour",
                   [&ctx](const RestCall& c) {
                     return chat_or_error(ctx.chat.groups.update_info(
                         c.actor(), c.params.get("chatId"),
                         {chat::optional_text(c.body, "title"), chat::optional_text(c.body, "description"),
                          chat::optional_text(c.body, "avatarColor")}));
                   });
    r.body = {chat::optional_string("title"), chat::optional_string("description"),
              chat::optional_string("avatarColor")};
    routes.push_back(std::move(r));
  }
  {
    auto r =
        route(Verb::patch, "/chats/:chatId/settings", "Change a group's settings (admins)", [&ctx](const RestCall& c) {
          auto patch = chat::settings_patch(c.body);
          if (!patch) return error(patch.error());
          return chat_or_error(ctx.chat.groups.update_settings(c.actor(), c.params.get("chatId"), *patch));
        });
    r.body = chat::Schema(chat::settings_fields());
    routes.push_back(std::move(r));
  }
  {
    auto r = route(
        Verb::post, "/chats/:chatId/invites", "Create an invite link of a group (admins)", [&ctx](const RestCall& c) {
          auto made = ctx.chat.groups.create_invite(c.actor(), c.params.get("chatId"), chat::new_invite(c.body));
          if (!made) return error(made.error());
          return json_ok(201, chat::invite_json(*made, ctx.chat.now()));
        });
    r.body = chat::Schema(chat::invite_fields());
    r.responses = std::string(kInviteResponses);
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/invites"};
    r.summary = "A group's invite links that are not revoked, newest first (admins)";
    r.responses =
        R"j({"200": {"description": "{invites}", "content": {"application/json": {"schema": {"type": "object", "properties": {"invites": {"type": "array", "items": {"$ref": "#/components/schemas/Invite"}}}}}}},
      "403": {"description": "not an admin"}, "404": {"description": "unknown chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.groups.invites(c.actor(), c.params.get("chatId"));
      if (!list) return error(list.error());
      json::array out;
      const auto now = ctx.chat.now();
      for (const auto& i : *list) out.push_back(chat::invite_json(i, now));
      return json_ok(200, json::object{{"invites", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  {
    auto r = route(
        Verb::delete_, "/chats/:chatId/invites/:token", "Revoke an invite link (admins)", [&ctx](const RestCall& c) {
          auto revoked = ctx.chat.groups.revoke_invite(c.actor(), c.params.get("chatId"), c.params.get("token"));
          if (!revoked) return error(revoked.error());
          return json_ok(200, chat::invite_json(*revoked, ctx.chat.now()));
        });
    r.responses = std::string(kInviteResponses);
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/invites/:token"};
    r.summary = "What an invite link leads to: the group's title, description and member count";
    r.responses =
        R"j({"200": {"description": "{chat: {id, title, description, avatarColor, memberCount}, member, expiresAt}"},
      "404": {"description": "no such invite link"}, "410": {"description": "invite_invalid: revoked, expired or used up"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto preview = ctx.chat.groups.preview(c.actor(), c.params.get("token"));
      if (!preview) return error(preview.error());
      return json_ok(200, chat::invite_preview_json(*preview));
    };
    routes.push_back(std::move(r));
  }
  {
    auto r = route(Verb::post, "/invites/:token/join", "Join a group with an invite link (a member already: the group)",
                   [&ctx](const RestCall& c) {
                     auto joined = ctx.chat.groups.join(c.actor(), c.params.get("token"));
                     if (!joined) return error(joined.error());
                     return json_ok(200, chat::chat_json(*joined, std::nullopt));
                   });
    r.responses =
        R"j({"200": {"description": "the group", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}},
      "404": {"description": "no such invite link"}, "409": {"description": "member_limit"},
      "410": {"description": "invite_invalid: revoked, expired or used up"}})j";
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
