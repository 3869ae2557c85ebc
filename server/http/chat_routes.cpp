#include "http/chat_routes.hpp"

#include "chat/wire.hpp"
#include "util/ids.hpp"
#include "util/query.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

namespace parley::http {

namespace json = boost::json;
using chat::Errc;

namespace {

Response ok_json(unsigned status, const json::value& v) { return json_response(status, json::serialize(v)); }

Response error(const chat::Error& e) {
  return error_response(chat::http_status(e.code), chat::error_code(e.code), e.message);
}

Response error(Errc code, std::string message) { return error(chat::Error{code, std::move(message)}); }

// The JSON object in the request body, or an error response.
std::variant<json::object, Response> body_object(const Request& req, std::size_t max_depth) {
  json::parse_options opts;
  opts.max_depth = max_depth;
  json::parser parser({}, opts);
  boost::system::error_code ec;
  parser.write(req.body().data(), req.body().size(), ec);
  if (ec) return error(Errc::kInvalidInput, "The body must be a JSON object");
  auto v = parser.release();
  if (!v.is_object()) return error(Errc::kInvalidInput, "The body must be a JSON object");
  return std::move(v.get_object());
}

// The percent-decoded value of query parameter `key`.
std::optional<std::string> query_param(const Request& req, std::string_view key) {
  auto t = util::parse_target(req.target());
  auto it = t.query.find(key);
  if (it == t.query.end()) return std::nullopt;
  return std::move(it->second);
}

std::optional<std::int64_t> to_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

json::value auth_json(const chat::AuthResult& r) {
  return json::object{{"accessToken", r.access_token}, {"user", chat::user_json(r.user)}};
}

class Routes {
 public:
  Routes(chat::AuthService& auth, chat::ChatService& chat, store::Store& store, bus::RateLimiter& limiter,
         util::WorkerPool& workers, RestLimits limits)
      : auth_(auth), chat_(chat), store_(store), limiter_(limiter), workers_(workers), limits_(limits) {}

  // A route that runs on a worker and needs no authentication.
  Handler open(std::function<Response(const Request&, const Params&)> fn) {
    return [this, fn = std::move(fn)](const Request& req, const Params& params, Respond respond) {
      workers_.post([fn, &req, params, respond = std::move(respond)] { respond(fn(req, params)); });
    };
  }

  // A route that needs a valid Bearer token; `fn` gets the caller.
  Handler authed(std::function<Response(const Request&, const Params&, const chat::Principal&)> fn) {
    return [this, fn = std::move(fn)](const Request& req, const Params& params, Respond respond) {
      workers_.post([this, fn, &req, params, respond = std::move(respond)] {
        const auto header = req[boost::beast::http::field::authorization];
        if (header.empty()) return respond(error(Errc::kUnauthorized, "No token provided"));
        auto check = auth_.verify(header);
        if (!check.principal) {
          if (check.error == chat::TokenError::kUnavailable) {
            return respond(error(Errc::kUnavailable, "Service unavailable"));
          }
          return respond(error(Errc::kUnauthorized, check.error == chat::TokenError::kUserNotFound
                                                        ? "User not found"
                                                        : "Invalid token"));
        }
        respond(fn(req, params, *check.principal));
      });
    };
  }

  bool auth_allowed(const Params& p) {
    return limiter_.allow("auth:" + p.remote_address, limits_.auth_per_second, limits_.auth_burst, util::now_ms());
  }

  Response register_user(const Request& req, const Params& p) {
    if (!auth_allowed(p)) return error(Errc::kRateLimited, "Too many attempts; try again later");
    auto body = body_object(req, limits_.max_json_depth);
    if (auto* r = std::get_if<Response>(&body)) return std::move(*r);
    const auto& o = std::get<json::object>(body);
    const auto email = chat::string_field(o, "email");
    const auto name = chat::string_field(o, "name");
    const auto password = chat::string_field(o, "password");
    if (!email || !name || !password) return error(Errc::kInvalidInput, "email, name and password are required");
    auto r = auth_.register_user(*email, *name, *password);
    if (!r) return error(r.error());
    return ok_json(201, auth_json(*r));
  }

  Response login(const Request& req, const Params& p) {
    if (!auth_allowed(p)) return error(Errc::kRateLimited, "Too many attempts; try again later");
    auto body = body_object(req, limits_.max_json_depth);
    if (auto* r = std::get_if<Response>(&body)) return std::move(*r);
    const auto& o = std::get<json::object>(body);
    const auto email = chat::string_field(o, "email");
    const auto password = chat::string_field(o, "password");
    if (!email || !password) return error(Errc::kInvalidInput, "email and password are required");
    auto r = auth_.login(*email, *password);
    if (!r) return error(r.error());
    return ok_json(200, auth_json(*r));
  }

  Response logout(const chat::Principal& who) {
    auto r = auth_.logout(who);
    if (!r) return error(r.error());
    Response res;
    res.result(204);
    return res;
  }

  Response me(const chat::Principal& who) {
    auto r = chat_.me(who.user_id);
    if (!r) return error(r.error());
    return ok_json(200, chat::user_json(*r));
  }

  Response users(const chat::Principal& who) {
    auto r = chat_.list_users(who.user_id);
    if (!r) return error(r.error());
    json::array out;
    for (const auto& v : *r) out.push_back(chat::user_json(v.user, v.online));
    return ok_json(200, out);
  }

  Response directory(const Request& req, const chat::Principal& who) {
    chat::DirectoryRequest r;
    if (auto q = query_param(req, "q")) r.search = std::move(*q);
    if (auto limit = query_param(req, "limit")) {
      r.limit = to_int(*limit);
      if (!r.limit) return error(Errc::kInvalidInput, "limit must be a positive integer");
    }
    r.cursor = query_param(req, "cursor");
    auto page = chat_.directory(who.user_id, r);
    if (!page) return error(page.error());
    json::array users;
    for (const auto& v : page->users) users.push_back(chat::user_json(v.user, v.online));
    json::value next = nullptr;
    if (page->next_cursor) next = json::string(*page->next_cursor);
    return ok_json(200, json::object{{"users", std::move(users)}, {"nextCursor", std::move(next)}});
  }

  Response create_chat(const Request& req, const chat::Principal& who) {
    auto body = body_object(req, limits_.max_json_depth);
    if (auto* r = std::get_if<Response>(&body)) return std::move(*r);
    const auto other = chat::string_field(std::get<json::object>(body), "userId");
    if (!other) return error(Errc::kInvalidInput, "userId must be a string");
    auto r = chat_.open_private_chat(who.user_id, *other);
    if (!r) return error(r.error());
    return ok_json(201, chat::chat_json(*r));
  }

  Response chats(const chat::Principal& who) {
    auto r = chat_.list_chats(who.user_id);
    if (!r) return error(r.error());
    json::array out;
    for (const auto& c : *r) out.push_back(chat::chat_json(c));
    return ok_json(200, out);
  }

  Response chat(const Params& p, const chat::Principal& who) {
    auto r = chat_.get_chat(who.user_id, p.get("chatId"));
    if (!r) return error(r.error());
    return ok_json(200, chat::chat_json(*r));
  }

  Response messages(const Request& req, const Params& p, const chat::Principal& who) {
    store::HistoryQuery q;
    if (auto before = query_param(req, "before")) q.before_id = *before;
    if (auto after = query_param(req, "after_seq")) {
      auto v = to_int(*after);
      if (!v || *v < 0) return error(Errc::kInvalidInput, "after_seq must be a non-negative integer");
      q.after_seq = *v;
    }
    if (auto limit = query_param(req, "limit")) {
      auto v = to_int(*limit);
      if (!v || *v < 1) return error(Errc::kInvalidInput, "limit must be a positive integer");
      q.limit = static_cast<std::size_t>(*v);
    }
    auto r = chat_.history(who.user_id, p.get("chatId"), q);
    if (!r) return error(r.error());
    return ok_json(200, chat::messages_json(*r));
  }

  Response health() {
    if (!store_.ping()) {
      return ok_json(503, json::object{{"status", "error"}, {"database", "down"}});
    }
    return ok_json(200, json::object{{"status", "ok"}, {"database", "up"}});
  }

 private:
  chat::AuthService& auth_;
  chat::ChatService& chat_;
  store::Store& store_;
  bus::RateLimiter& limiter_;
  util::WorkerPool& workers_;
  RestLimits limits_;
};

}  // namespace

void add_chat_routes(Router& router, chat::AuthService& auth, chat::ChatService& chat, store::Store& store,
                     bus::RateLimiter& limiter, util::WorkerPool& workers, RestLimits limits,
                     json::value events_document) {
  // Kept alive by the handlers that point into it.
  auto routes = std::make_shared<Routes>(auth, chat, store, limiter, workers, limits);
  using P = chat::Principal;
  for (const std::string prefix : {"", "/api/v1"}) {
    router.add(Verb::post, prefix + "/auth/register",
               routes->open([routes](const Request& r, const Params& p) { return routes->register_user(r, p); }));
    router.add(Verb::post, prefix + "/auth/login",
               routes->open([routes](const Request& r, const Params& p) { return routes->login(r, p); }));
    router.add(Verb::post, prefix + "/auth/logout",
               routes->authed([routes](const Request&, const Params&, const P& w) { return routes->logout(w); }));
    router.add(Verb::get, prefix + "/me",
               routes->authed([routes](const Request&, const Params&, const P& w) { return routes->me(w); }));
    router.add(Verb::post, prefix + "/chats", routes->authed([routes](const Request& r, const Params&, const P& w) {
      return routes->create_chat(r, w);
    }));
    router.add(Verb::get, prefix + "/chats",
               routes->authed([routes](const Request&, const Params&, const P& w) { return routes->chats(w); }));
    router.add(Verb::get, prefix + "/chats/:chatId",
               routes->authed([routes](const Request&, const Params& p, const P& w) { return routes->chat(p, w); }));
    router.add(Verb::get, prefix + "/chats/:chatId/messages",
               routes->authed([routes](const Request& r, const Params& p, const P& w) {
                 return routes->messages(r, p, w);
               }));
    router.add(Verb::get, prefix + "/health", routes->open([routes](const Request&, const Params&) {
      return routes->health();
    }));
  }
  for (const std::string path : {"/api/users", "/api/v1/users"}) {
    router.add(Verb::get, path,
               routes->authed([routes](const Request&, const Params&, const P& w) { return routes->users(w); }));
  }
  // Paged and searchable; new, so under /api/v1 only (protocol.md §1.1).
  router.add(Verb::get, "/api/v1/directory",
             routes->authed([routes](const Request& r, const Params&, const P& w) { return routes->directory(r, w); }));
  const auto openapi = std::make_shared<const std::string>(json::serialize(openapi_document()));
  router.add_sync(Verb::get, "/api/openapi.json",
                  [openapi](const Request&, const Params&) { return json_response(200, *openapi); });
  const auto events = std::make_shared<const std::string>(json::serialize(events_document));
  router.add_sync(Verb::get, "/api/events.json",
                  [events](const Request&, const Params&) { return json_response(200, *events); });
}

}  // namespace parley::http
