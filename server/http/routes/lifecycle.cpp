// Messages after they are sent: editing, the versions of a text, deleting (for everyone or for
// oneself), and the change feed. The rules are LifecycleService's.
#include "chat/messages/lifecycle_wire.hpp"
#include "chat/messages/mentions.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr std::string_view kMessageResponse =
    R"j({"200": {"description": "the message", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatMessage"}}}},
      "400": {"description": "invalid input, not a text message, or deleted"},
      "403": {"description": "forbidden (not the sender, not a participant) or edit_window_closed"},
      "404": {"description": "unknown message"}})j";

constexpr std::string_view kDeleteResponse =
    R"j({"200": {"description": "{messages}: the tombstones (everyone) or the messages hidden (me)"},
      "400": {"description": "invalid input"},
      "403": {"description": "forbidden (not the sender nor an admin) or edit_window_closed"},
      "404": {"description": "unknown chat or message"}})j";

Response deleted(const chat::Result<std::vector<store::Message>>& r) {
  if (!r) return error(r.error());
  return json_ok(200, json::object{{"messages", chat::messages_json(*r)}});
}

}  // namespace

std::vector<RouteSpec> lifecycle_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/messages/:messageId"};
    r.summary = "Edit a message's text (its sender, within edit_window_ms)";
    r.body = {chat::required_string("content"), chat::mentions_field(), chat::mentions_all_field()};
    r.responses = std::string(kMessageResponse);
    r.run = [&ctx](const RestCall& c) {
      auto m = ctx.chat.lifecycle.edit(c.actor(), c.params.get("messageId"), chat::text(c.body, "content"),
                                       chat::mentions_of(c.body));
      if (!m) return error(m.error());
      return json_ok(200, chat::message_json(*m));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/messages/:messageId/edits"};
    r.summary = "A message's texts, oldest first, the current one last, each with when it was written";
    r.responses =
        R"j({"200": {"description": "{versions: [{content, at}]}"}, "403": {"description": "not a participant"},
      "404": {"description": "unknown message"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto v = ctx.chat.lifecycle.versions(c.actor(), c.params.get("messageId"));
      if (!v) return error(v.error());
      return json_ok(200, chat::versions_json(*v));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/chats/:chatId/messages/:messageId"};
    r.query = {chat::optional_string("scope").describe("everyone (default) | me")};
    r.summary = "Delete a message for everyone (its sender within delete_window_ms; group admins) or for oneself";
    r.responses = std::string(kDeleteResponse);
    r.run = [&ctx](const RestCall& c) {
      const auto scope = chat::delete_scope(chat::optional_text(c.query, "scope"));
      if (!scope) return error(chat::Errc::kInvalidInput, "scope must be \"everyone\" or \"me\"");
      return deleted(ctx.chat.lifecycle.remove(c.actor(), c.params.get("chatId"),
                                               {std::string(c.params.get("messageId"))}, *scope));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/chats/:chatId/messages/delete"};
    r.body = {chat::required_string_list("messageIds", chat::LifecycleService::kMaxDeletedAtOnce),
              chat::optional_string("scope").describe("everyone (default) | me")};
    r.summary = "Delete up to 100 messages of a chat at once, all or none";
    r.responses = std::string(kDeleteResponse);
    r.run = [&ctx](const RestCall& c) {
      const auto scope = chat::delete_scope(chat::optional_text(c.body, "scope"));
      if (!scope) return error(chat::Errc::kInvalidInput, "scope must be \"everyone\" or \"me\"");
      return deleted(
          ctx.chat.lifecycle.remove(c.actor(), c.params.get("chatId"), chat::text_list(c.body, "messageIds"), *scope));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/changes"};
    r.query = {chat::optional_integer_at_least("since", 0).describe("the changeSeq seen last (0: from the start)"),
               chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxChangePage))};
    r.summary = "What changed in a chat's messages after a changeSeq: edits, deletions, pins, the caller's hidden ones";
    r.responses =
        R"j({"200": {"description": "{messages, hidden, until, more}: continue with since=until while more"},
      "403": {"description": "not a participant"}, "404": {"description": "unknown chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto page = ctx.chat.lifecycle.changes(
          c.actor(), c.params.get("chatId"), chat::optional_integer(c.query, "since").value_or(0),
          static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(200)));
      if (!page) return error(page.error());
      return json_ok(200, chat::changes_json(*page));
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
