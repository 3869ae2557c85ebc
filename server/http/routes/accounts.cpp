// Accounts and sessions: register, log in, log out, the caller.
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

json::value auth_json(const chat::AuthResult& r) {
  return json::object{{"accessToken", r.access_token}, {"user", chat::user_json(r.user)}};
}

}  // namespace

std::vector<RouteSpec> account_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = both("/auth/register");
    r.access = Access::kAnyoneRateLimited;
    r.work = Work::kPasswordHash;
    r.body = {
        chat::required_string("email").describe(
            "stored in canonical form: NFKC, case-folded, without the domain's trailing dot; no control, "
            "invisible or text-direction characters, no look-alike scripts"),
        chat::required_string("name").describe(
            "1 to 64 characters; no control, invisible or text-direction characters"),
        chat::required_string("password").describe("8 to 256 characters, not only white space, not a common password")};
    r.summary = "Create an account";
    r.responses =
        R"j({"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Auth"}}}},
      "400": {"description": "invalid input (the message says which rule)"}, "409": {"description": "email taken, in any spelling of its canonical form"}, "429": {"description": "rate limited"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.auth.register_user(chat::text(c.body, "email"), chat::text(c.body, "name"),
                                           chat::text(c.body, "password"));
      if (!result) return error(result.error());
      return json_ok(201, auth_json(*result));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = both("/auth/login");
    r.access = Access::kAnyoneRateLimited;
    r.work = Work::kPasswordHash;
    r.body = {chat::required_string("email"), chat::required_string("password")};
    r.summary = "Log in";
    r.responses =
        R"j({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Auth"}}}},
      "401": {"description": "wrong email or password"}, "429": {"description": "rate limited"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.auth.login(chat::text(c.body, "email"), chat::text(c.body, "password"));
      if (!result) return error(result.error());
      return json_ok(200, auth_json(*result));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = both("/auth/logout");
    r.summary = "Revoke the token's session";
    r.description = "Every socket of the session, on every instance, gets session:revoked and is disconnected.";
    r.responses = R"j({"204": {"description": "revoked"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.auth.logout(*c.caller);
      if (!result) return error(result.error());
      Response res;
      res.result(204);
      return res;
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = both("/me");
    r.summary = "The caller";
    r.responses =
        R"j({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.people.me(c.actor());
      if (!result) return error(result.error());
      return json_ok(200, chat::user_json(*result));
    };
    routes.push_back(std::move(r));
  }
  {
    // New, so under /api/v1 only (protocol.md §1.1).
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/me"};
    r.body = {chat::required_string("name").describe(
        "1 to 64 characters without the white space around them; no control, invisible or text-direction "
        "characters")};
    r.summary = "Change the caller's display name";
    r.description = "Other users see the new name in the user lists (GET /api/users, /api/v1/directory).";
    r.responses =
        R"j({"200": {"description": "the caller as stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
      "400": {"description": "invalid name (the message says which rule)"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto result = ctx.chat.people.rename(c.actor(), chat::text(c.body, "name"));
      if (!result) return error(result.error());
      return json_ok(200, chat::user_json(*result));
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
