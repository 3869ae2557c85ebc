// Search: messages the caller may read that match a query, and the chat switcher's matches.
// The rules are SearchService's; search:messages is the same over Socket.IO.
#include "chat/search/search_wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

std::vector<RouteSpec> search_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/v1/search/messages"};
    r.summary = "Messages the caller may read that match a query, by relevance or date, with highlights";
    r.description =
        "Case- and accent-insensitive; Chinese, Japanese and Thai are found by substrings. Ranges (highlights) are "
        "UTF-16 offsets in the message's content; the snippet is about 200 characters around the first match. An "
        "unreadable query is invalid_query with its position (a UTF-16 offset in q).";
    r.query = chat::Schema(chat::search_fields());
    r.responses =
        R"j({"200": {"description": "one page", "content": {"application/json": {"schema": {"type": "object", "required": ["results", "nextCursor"], "properties": {
          "results": {"type": "array", "items": {"type": "object", "required": ["message", "highlights", "snippet"], "properties": {
            "message": {"$ref": "#/components/schemas/ChatMessage"},
            "highlights": {"type": "array", "items": {"$ref": "#/components/schemas/TextRange"}},
            "snippet": {"type": "object", "required": ["text", "highlights"], "properties": {
              "text": {"type": "string"}, "highlights": {"type": "array", "items": {"$ref": "#/components/schemas/TextRange"}}}}}}},
          "nextCursor": {"type": ["string", "null"], "description": "pass as cursor for the next page; null on the last page"}}}}}},
        "400": {"description": "invalid_query (with position) or invalid input"}, "401": {"description": "unauthorized"},
        "403": {"description": "chatId names a chat the caller is not in"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto page = ctx.chat.search.messages(c.actor(), chat::search_request_of(c.query));
      if (!page) return error(page.error());
      return json_ok(200, chat::search_page_json(*page));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/search/chats"};
    r.summary = "The caller's chats and the people whose names (or emails) have a word starting with q";
    r.query = {chat::required_string("q").describe("the start of a word of a name, title or email"),
               chat::optional_bounded_integer("limit", 1, 50).describe("per list (default 10)")};
    r.responses =
        R"j({"200": {"description": "the matches", "content": {"application/json": {"schema": {"type": "object", "required": ["chats", "people"], "properties": {
          "chats": {"type": "array", "items": {"type": "object", "required": ["chatId"], "properties": {"chatId": {"type": "string"}}}},
          "people": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}},
        "400": {"description": "invalid q"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto found =
          ctx.chat.search.switcher(c.actor(), chat::text(c.query, "q"),
                                   static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(10)));
      if (!found) return error(found.error());
      return json_ok(200, chat::switcher_json(*found));
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
