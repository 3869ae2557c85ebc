// Users: the unpaged list of the contract and the paged, searchable directory.
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr std::string_view kUserList =
    R"j({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}, "401": {"description": "unauthorized"}})j";

// A list of users as the contract's User objects.
Response users_answer(const chat::Result<std::vector<chat::UserView>>& users) {
  if (!users) return error(users.error());
  json::array out;
  for (const auto& v : *users) out.push_back(chat::user_json(v.user, v.online));
  return json_ok(200, out);
}

}  // namespace

std::vector<RouteSpec> people_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/users", "/api/v1/users"};
    r.summary = "All users with presence (unpaged: see /api/v1/directory)";
    r.responses = std::string(kUserList);
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.people.list_users(c.actor());
      return users_answer(result);
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/contacts"};
    r.summary = "The users who share a chat with the caller, with presence, by name";
    r.description =
        "What a client needs to show its chats' people without the whole user table; with the handshake feature "
        "scoped-presence, these are the users whose users:update the socket hears.";
    r.responses = std::string(kUserList);
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.people.contacts(c.actor());
      return users_answer(result);
    };
    routes.push_back(std::move(r));
  }
  {
    // Paged and searchable; new, so under /api/v1 only (protocol.md §1.1).
    const auto& o = ctx.chat.options();
    RouteSpec r;
    r.paths = {"/api/v1/directory"};
    r.query = {chat::optional_string("q").describe(
                   "users whose name or email contains this text, ignoring case and Unicode form; leading and "
                   "trailing spaces are ignored; at most " +
                   std::to_string(o.max_directory_search_chars) + " characters"),
               chat::optional_integer_at_least("limit", 1)
                   .describe("users per page (default " + std::to_string(o.default_directory) +
                             "); larger values give " + std::to_string(o.max_directory)),
               chat::optional_string("cursor").describe("nextCursor of the previous page (opaque)")};
    r.summary = "The user directory a page at a time, by name (case-insensitive), then id; searchable";
    r.description =
        "Only under /api/v1. /api/users (and /api/v1/users) keep the unpaged array of the compatibility contract. "
        "With the setting directory_emails = contacts, the email of a user who shares no chat with the caller is the "
        "empty string here and in every user list, and q does not match it.";
    r.responses =
        R"j({"200": {"description": "one page", "content": {"application/json": {"schema": {"type": "object", "required": ["users", "nextCursor"], "properties": {
          "users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
          "nextCursor": {"type": ["string", "null"], "description": "pass as cursor for the next page; null on the last page"}}}}}},
        "400": {"description": "invalid q, limit or cursor"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::DirectoryRequest request;
      request.search = chat::optional_text(c.query, "q").value_or("");
      request.limit = chat::optional_integer(c.query, "limit");
      request.cursor = chat::optional_text(c.query, "cursor");
      auto page = ctx.chat.people.directory(c.actor(), request);
      if (!page) return error(page.error());
      json::array users;
      for (const auto& v : page->users) users.push_back(chat::user_json(v.user, v.online));
      json::value next = nullptr;
      if (page->next_cursor) next = json::string(*page->next_cursor);
      return json_ok(200, json::object{{"users", std::move(users)}, {"nextCursor", std::move(next)}});
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
