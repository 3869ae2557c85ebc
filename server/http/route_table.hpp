// The REST routes as tables, one per feature (http/routes/): each entry names the method and
// paths, who may call it, the schemas of its JSON body and query parameters (checked before the
// handler runs, with one error format), its OpenAPI summary and responses, and the handler,
// which only decodes, calls the domain and encodes. The OpenAPI document is generated from
// these tables (openapi.cpp), so what is documented is what is checked.
#pragma once

#include "bus/presence.hpp"
#include "chat/actor.hpp"
#include "chat/auth.hpp"
#include "chat/schema.hpp"
#include "chat/services.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "util/workers.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::http {

struct RestLimits {
  double auth_per_second = 1;  // per client address, for register and login
  double auth_burst = 20;
  std::size_t max_json_depth = 32;
};

// What handlers use.
struct RouteContext {
  chat::AuthService& auth;
  chat::Services& chat;
  store::Store& store;
  bus::RateLimiter& limiter;
  RestLimits limits;
};

enum class Access {
  kAnyone,
  kAnyoneRateLimited,  // anyone, within the per-address auth rate (register, login)
  kUser,               // a valid Bearer token
};

// One request, checked: `body` holds the JSON body's fields, `query` the query parameters as
// JSON values of their schema's types (read both with chat::text, chat::optional_integer, ...).
struct RestCall {
  const Request& request;
  const Params& params;
  const chat::Principal* caller;  // with Access::kUser
  boost::json::object body;
  boost::json::object query;

  // The caller and the session (device) the token belongs to.
  chat::Actor actor() const { return chat::Actor(caller->user_id, caller->session_id); }
};

using RestHandler = std::function<Response(const RestCall&)>;

// Which pool runs a route: password hashing has threads of its own, so that a burst of logins
// never delays the rest.
enum class Work { kDatabase, kPasswordHash };

struct RouteSpec {
  Verb method = Verb::get;
  std::vector<std::string> paths;  // the first is the one documented; ":name" captures a segment
  Access access = Access::kUser;
  Work work = Work::kDatabase;
  chat::Schema body;   // none: the body is not read
  chat::Schema query;  // strings and integers only
  std::string summary;
  std::string description;
  std::string responses;  // the OpenAPI responses object, as JSON text
  RestHandler run;        // none: only documented (the route streams its body: add_file_transfer_routes)
};

// The unprefixed path of the contract and the same under /api/v1.
std::vector<std::string> both(const std::string& path);

// The tables of the features (http/routes/*.cpp).
std::vector<RouteSpec> account_routes(RouteContext& ctx);
std::vector<RouteSpec> people_routes(RouteContext& ctx);
std::vector<RouteSpec> chat_routes(RouteContext& ctx);
std::vector<RouteSpec> group_routes(RouteContext& ctx);
std::vector<RouteSpec> lifecycle_routes(RouteContext& ctx);
std::vector<RouteSpec> thread_routes(RouteContext& ctx);
std::vector<RouteSpec> reaction_routes(RouteContext& ctx);
std::vector<RouteSpec> privacy_routes(RouteContext& ctx);
std::vector<RouteSpec> moderation_routes(RouteContext& ctx);
std::vector<RouteSpec> automod_routes(RouteContext& ctx);
std::vector<RouteSpec> emoji_routes(RouteContext& ctx);
std::vector<RouteSpec> system_routes(RouteContext& ctx);
std::vector<RouteSpec> file_routes(RouteContext& ctx);
std::vector<RouteSpec> search_routes(RouteContext& ctx);
std::vector<RouteSpec> schedule_routes(RouteContext& ctx);
std::vector<RouteSpec> template_routes(RouteContext& ctx);
std::vector<RouteSpec> export_routes(RouteContext& ctx);
std::vector<RouteSpec> notification_routes(RouteContext& ctx);
std::vector<RouteSpec> settings_routes(RouteContext& ctx);
// The routes of files whose bodies stream (routes/files.cpp): an upload's bytes (tus PATCH)
// and downloads, run on `workers`.
void add_file_transfer_routes(Router& router, RouteContext& ctx, util::WorkerPool& workers);

// Responses: JSON with a status, and the protocol's error body {statusCode, error, message}.
Response json_ok(unsigned status, const boost::json::value& v);
// 204, nothing to cache.
Response no_content();
// A path parameter the route may not have (routes shared by two paths, one with it); none when
// absent or empty.
std::optional<std::string_view> optional_param(const RestCall& c, std::string_view name);
Response error(const chat::Error& e);
Response error(chat::Errc code, std::string message);
// The caller of a request by its Authorization header (Access::kUser; routes that stream their
// bodies check it themselves with this).
chat::Result<chat::Principal> caller_of(chat::AuthService& auth, const Request& req);

// The OpenAPI 3.1 document of `routes`.
boost::json::value openapi_document(const std::vector<RouteSpec>& routes);

}  // namespace parley::http
