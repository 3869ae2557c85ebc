#include "http/chat_routes.hpp"

#include "util/ids.hpp"
#include "util/query.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <memory>

namespace parley::http {

namespace json = boost::json;
using chat::Errc;

std::vector<std::string> both(const std::string& path) { return {path, "/api/v1" + path}; }

Response json_ok(unsigned status, const json::value& v) { return json_response(status, json::serialize(v)); }

Response no_content() {
  Response res;
  res.result(204);
  res.set(boost::beast::http::field::cache_control, "no-store");
  return res;
}

std::optional<std::string_view> optional_param(const RestCall& c, std::string_view name) {
  const auto value = c.params.get(name);
  if (value.empty()) return std::nullopt;
  return value;
}

Response error(const chat::Error& e) {
  if (e.position < 0) return error_response(chat::http_status(e.code), chat::error_code(e.code), e.message);
  json::object o{{"statusCode", chat::http_status(e.code)},
                 {"error", chat::error_code(e.code)},
                 {"message", e.message},
                 {"position", e.position}};
  return json_ok(chat::http_status(e.code), o);
}

Response error(Errc code, std::string message) { return error(chat::Error{code, std::move(message)}); }

chat::Result<chat::Principal> caller_of(chat::AuthService& auth, const Request& req) {
  const auto header = req[boost::beast::http::field::authorization];
  if (header.empty()) return chat::fail(Errc::kUnauthorized, "No token provided");
  auto check = auth.verify(header);
  if (!check.principal) {
    if (check.error == chat::TokenError::kUnavailable) return chat::fail(Errc::kUnavailable, "Service unavailable");
    if (check.error == chat::TokenError::kSuspended) return chat::fail(Errc::kForbidden, "This account is suspended");
    return chat::fail(Errc::kUnauthorized,
                      check.error == chat::TokenError::kUserNotFound ? "User not found" : "Invalid token");
  }
  return std::move(*check.principal);
}

namespace {

// The JSON object in the request body, or the error.
chat::Result<json::object> body_object(const Request& req, std::size_t max_depth) {
  json::parse_options opts;
  opts.max_depth = max_depth;
  json::parser parser({}, opts);
  boost::system::error_code ec;
  parser.write(req.body().data(), req.body().size(), ec);
  if (ec) return chat::fail(Errc::kInvalidInput, "The body must be a JSON object");
  auto v = parser.release();
  if (!v.is_object()) return chat::fail(Errc::kInvalidInput, "The body must be a JSON object");
  return std::move(v.get_object());
}

// The query parameters `schema` names, as JSON values of their types: a string as it came
// (percent-decoded), an integer parsed from its text (or left as text, which the schema then
// refuses). Others are left out.
json::object query_object(const Request& req, const chat::Schema& schema) {
  json::object out;
  if (schema.fields().empty()) return out;
  auto target = util::parse_target(req.target());
  for (const auto& f : schema.fields()) {
    auto it = target.query.find(f.name);
    if (it == target.query.end()) continue;
    const std::string& text = it->second;
    if (f.type == chat::FieldType::kInteger) {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) {
        out[f.name] = v;
        continue;
      }
    }
    out[f.name] = text;
  }
  return out;
}

// Runs `spec` for one request on a worker: access, body and query checked, then the handler.
class Installer {
 public:
  Installer(RouteContext& ctx, util::WorkerPool& workers, util::WorkerPool& hashing)
      : ctx_(ctx), workers_(workers), hashing_(hashing) {}

  Handler handler(const RouteSpec& spec) {
    auto& pool = spec.work == Work::kPasswordHash ? hashing_ : workers_;
    return [this, &spec, &pool](const Request& req, const Params& params, Respond respond) {
      // try_post keeps the task (and `respond`) only when it queued it.
      auto shared = std::make_shared<Respond>(std::move(respond));
      if (!pool.try_post([this, &spec, &req, params, shared] { (*shared)(run(spec, req, params)); })) {
        auto busy = error(Errc::kUnavailable, "The server is busy; try again in a moment");
        busy.set(boost::beast::http::field::retry_after, "1");
        (*shared)(std::move(busy));
      }
    };
  }

 private:
  Response run(const RouteSpec& spec, const Request& req, const Params& params) {
    std::optional<chat::Principal> caller;
    switch (spec.access) {
      case Access::kAnyone:
        break;
      case Access::kAnyoneRateLimited:
        if (!ctx_.limiter.allow("auth:" + params.remote_address, ctx_.limits.auth_per_second, ctx_.limits.auth_burst,
                                util::now_ms())) {
          return error(Errc::kRateLimited, "Too many attempts; try again later");
        }
        break;
      case Access::kUser: {
        auto who = caller_of(ctx_.auth, req);
        if (!who) return error(who.error());
        caller = std::move(*who);
        break;
      }
    }
    RestCall call{req, params, caller ? &*caller : nullptr, {}, {}};
    if (!spec.body.fields().empty()) {
      auto body = body_object(req, ctx_.limits.max_json_depth);
      if (!body) return error(body.error());
      if (auto e = spec.body.check(*body)) return error(*e);
      call.body = std::move(*body);
    }
    call.query = query_object(req, spec.query);
    if (auto e = spec.query.check(call.query)) return error(*e);
    return spec.run(call);
  }

  RouteContext& ctx_;
  util::WorkerPool& workers_;
  util::WorkerPool& hashing_;
};

// The tables of every feature, with what their handlers point into.
class RouteTables {
 public:
  RouteTables(RouteContext ctx, util::WorkerPool& workers, util::WorkerPool& hashing)
      : ctx_(ctx), installer_(ctx_, workers, hashing) {
    for (auto* table : {&account_routes, &people_routes, &chat_routes, &group_routes, &lifecycle_routes, &thread_routes,
                        &reaction_routes, &privacy_routes, &moderation_routes, &automod_routes, &emoji_routes,
                        &file_routes, &search_routes, &notification_routes, &settings_routes, &schedule_routes,
                        &template_routes, &export_routes, &system_routes}) {
      for (auto& route : (*table)(ctx_)) routes_.push_back(std::move(route));
    }
  }

  void install(Router& router) {
    for (const auto& route : routes_) {
      if (!route.run) continue;  // documented here, served by a route of its own (a streamed body)
      for (const auto& path : route.paths) router.add(route.method, path, installer_.handler(route));
    }
  }

  const std::vector<RouteSpec>& routes() const { return routes_; }
  RouteContext& context() { return ctx_; }

 private:
  RouteContext ctx_;
  Installer installer_;
  std::vector<RouteSpec> routes_;
};

}  // namespace

void add_chat_routes(Router& router, chat::AuthService& auth, chat::Services& chat, store::Store& store,
                     bus::RateLimiter& limiter, util::WorkerPool& workers, util::WorkerPool& hashing, RestLimits limits,
                     const json::value& events_document) {
  // Kept alive by the handlers, which point into it.
  auto tables = std::make_shared<RouteTables>(RouteContext{auth, chat, store, limiter, limits}, workers, hashing);
  tables->install(router);
  add_file_transfer_routes(router, tables->context(), workers);
  const auto openapi = std::make_shared<const std::string>(json::serialize(openapi_document(tables->routes())));
  router.add_sync(Verb::get, "/api/openapi.json",
                  [openapi, tables](const Request&, const Params&) { return json_response(200, *openapi); });
  const auto events = std::make_shared<const std::string>(json::serialize(events_document));
  router.add_sync(Verb::get, "/api/events.json",
                  [events](const Request&, const Params&) { return json_response(200, *events); });
}

}  // namespace parley::http
