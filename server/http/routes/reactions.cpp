// Reactions: putting and taking back reactions, who reacted, the caller's unread reactions and
// most used emoji. The rules are ReactionService's.
#include "chat/reactions/reaction_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

std::vector<RouteSpec> reaction_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/messages/:messageId/reactions"};
    r.summary = "Put (on: true), take back (on: false) or toggle (no on) the caller's reaction on a message";
    r.description =
        "emoji: exactly one emoji (skin tones and ZWJ sequences included). The chat hears message:reactions; the "
        "message's author hears reaction:added.";
    r.body = {chat::required_string("emoji"),
              chat::optional_field("on", chat::FieldType::kBoolean).describe("absent: toggle")};
    r.responses =
        R"j({"200": {"description": "{messageId, added, reactions: [{emoji, count, me}]}"},
      "400": {"description": "not one emoji, or a deleted or system message"},
      "403": {"description": "not a participant"}, "404": {"description": "unknown message"},
      "409": {"description": "reaction_limit: too many reactions of the caller, or different ones, on it"},
      "429": {"description": "too many reactions"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto reacted = ctx.chat.reactions.react(c.actor(), c.params.get("messageId"), chat::text(c.body, "emoji"),
                                              chat::optional_boolean(c.body, "on"));
      if (!reacted) return error(reacted.error());
      return json_ok(200, json::object{{"messageId", reacted->message.id},
                                       {"added", reacted->added},
                                       {"reactions", chat::reactions_json(reacted->message)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/messages/:messageId/reactions"};
    r.summary = "Who reacted to a message, oldest first";
    r.query = {chat::optional_string("emoji").describe("only this one"),
               chat::optional_string("cursor").describe("the next of the previous page"),
               chat::optional_integer_at_least("limit", 1).describe("default 50; at most 200")};
    r.responses =
        R"j({"200": {"description": "{reactors: [{userId, name, emoji, at}], next}"},
      "400": {"description": "invalid emoji or cursor"},
      "403": {"description": "not a participant"}, "404": {"description": "unknown message"}})j";
    r.run = [&ctx](const RestCall& c) {
      const auto emoji = chat::optional_text(c.query, "emoji");
      auto page = ctx.chat.reactions.reactors(
          c.actor(), c.params.get("messageId"), emoji ? std::optional<std::string_view>(*emoji) : std::nullopt,
          chat::optional_text(c.query, "cursor").value_or(""),
          static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(50)));
      if (!page) return error(page.error());
      return json_ok(200, chat::reactors_json(*page));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/reactions/unread"};
    r.summary = "Others' reactions on the caller's messages not seen yet, per chat";
    r.responses = R"j({"200": {"description": "{chats: [{chatId, count, latestMessageId}]}"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto unread = ctx.chat.reactions.unread(c.actor());
      if (!unread) return error(unread.error());
      return json_ok(200, chat::unread_reactions_json(*unread));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/chats/:chatId/reactions/read"};
    r.summary = "The caller saw the reactions on their messages in a chat (reactions:unread to their devices)";
    r.responses =
        R"j({"200": {"description": "{cleared}"}, "403": {"description": "not a participant"},
      "404": {"description": "unknown chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto cleared = ctx.chat.reactions.read(c.actor(), c.params.get("chatId"));
      if (!cleared) return error(cleared.error());
      return json_ok(200, json::object{{"cleared", *cleared}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/emoji/frequent"};
    r.summary = "The caller's most used emoji (reactions and emoji they sent), most used first";
    r.query = {chat::optional_integer_at_least("limit", 1).describe("default 36; at most 100")};
    r.responses = R"j({"200": {"description": "{emoji: [{emoji, uses, lastUsedAt}]}"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto uses = ctx.chat.reactions.frequent(
          c.actor(), static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(36)));
      if (!uses) return error(uses.error());
      return json_ok(200, chat::frequent_json(*uses));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/me/emoji/used"};
    r.summary = "Count emoji the caller used in a message (for their picker's most used)";
    r.body = {chat::required_string_list("emoji", store::kMaxFrequentEmoji)};
    r.responses =
        R"j({"204": {"description": "counted"}, "400": {"description": "one is not an emoji"},
      "429": {"description": "too many requests"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done = ctx.chat.reactions.used(c.actor(), chat::text_list(c.body, "emoji"));
      if (!done) return error(done.error());
      Response res;
      res.result(204);
      return res;
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
