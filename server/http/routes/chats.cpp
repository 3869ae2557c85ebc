// Chats and their history.
#include "chat/groups/group_service.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

// A chat as the caller sees it: a group adds the caller's role and read watermark (what the
// caller's unread count and "who can send" depend on), read from their membership.
json::object chat_for(RouteContext& ctx, const chat::Actor& actor, const store::Chat& chat) {
  if (!chat.group) return chat::chat_json(chat);
  auto me = ctx.chat.groups.membership(actor, chat.id);
  if (!me) return chat::chat_json(chat);
  auto o = chat::chat_json(chat, me->role);
  o["lastReadSeq"] = me->read_seq;
  return o;
}

}  // namespace

std::vector<RouteSpec> chat_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = both("/chats");
    r.body = {chat::required_string("userId")};
    r.summary = "Open the private chat with a user (the existing one if any)";
    r.responses =
        R"j({"201": {"description": "the chat", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}},
      "400": {"description": "invalid input"}, "404": {"description": "unknown user"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.conversations.open_private_chat(c.actor(), chat::text(c.body, "userId"));
      if (!result) return error(result.error());
      return json_ok(201, chat::chat_json(*result));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = both("/chats");
    r.summary = "The caller's chats, newest activity first (a group with the caller's role and lastReadSeq)";
    r.responses =
        R"j({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Chat"}}}}}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.conversations.list_chats(c.actor());
      if (!result) return error(result.error());
      json::array out;
      for (const auto& chat : *result) out.push_back(chat_for(ctx, c.actor(), chat));
      return json_ok(200, out);
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = both("/chats/:chatId");
    r.summary = "One chat";
    r.responses =
        R"j({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}},
      "403": {"description": "not a participant"}, "404": {"description": "unknown chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.conversations.get_chat(c.actor(), c.params.get("chatId"));
      if (!result) return error(result.error());
      return json_ok(200, chat_for(ctx, c.actor(), *result));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = both("/chats/:chatId/messages");
    r.query = {chat::optional_string("before").describe("messages older than this message id"),
               chat::optional_integer_at_least("after_seq", 0).describe("messages with a greater seq (catch-up)"),
               chat::optional_integer_at_least("limit", 1).describe("default 50; larger values than 200 give 200"),
               chat::optional_string("around").describe(
                   "a message id: the page around it (the message, half the page before, the rest after)"),
               chat::optional_string("view").describe(
                   "all (default): every message in seq order; timeline: without thread replies not also sent "
                   "to the chat")};
    r.summary = "History, oldest first";
    r.responses =
        R"j({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ChatMessage"}}}}},
      "403": {"description": "not a participant"}, "404": {"description": "unknown chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      const auto view = chat::optional_text(c.query, "view").value_or("all");
      if (view != "all" && view != "timeline") return error(chat::Errc::kInvalidInput, "view must be all or timeline");
      const bool timeline = view == "timeline";
      if (auto around = chat::optional_text(c.query, "around")) {
        auto page = ctx.chat.conversations.around(
            c.actor(), c.params.get("chatId"), *around,
            static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(0)), timeline);
        if (!page) return error(page.error());
        return json_ok(200, chat::messages_json(*page));
      }
      store::HistoryQuery q;
      q.before_id = chat::optional_text(c.query, "before");
      q.after_seq = chat::optional_integer(c.query, "after_seq");
      q.timeline = timeline;
      if (auto limit = chat::optional_integer(c.query, "limit")) q.limit = static_cast<std::size_t>(*limit);
      auto result = ctx.chat.conversations.history(c.actor(), c.params.get("chatId"), q);
      if (!result) return error(result.error());
      return json_ok(200, chat::messages_json(*result));
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
