#include "http/router.hpp"

#include <gtest/gtest.h>

namespace parley::http {
namespace {

Response answer(std::string body) {
  Response r;
  r.body() = std::move(body);
  return r;
}

std::string call(const Router& router, Verb method, std::string_view path) {
  auto m = router.match(method, path);
  if (!m.handler) return m.path_known ? "405" : "404";
  std::string out;
  Request req;
  (*m.handler)(req, m.params, [&](Response r) { out = r.body(); });
  return out;
}

TEST(Router, MatchesStaticAndParameterisedPaths) {
  Router r;
  r.add_sync(Verb::get, "/chats", [](const Request&, const Params&) { return answer("list"); });
  r.add_sync(Verb::get, "/chats/:chatId",
             [](const Request&, const Params& p) { return answer("chat " + std::string(p.get("chatId"))); });
  r.add_sync(Verb::get, "/chats/:chatId/messages",
             [](const Request&, const Params& p) { return answer("messages " + std::string(p.get("chatId"))); });
  EXPECT_EQ(call(r, Verb::get, "/chats"), "list");
  EXPECT_EQ(call(r, Verb::get, "/chats/"), "list");
  EXPECT_EQ(call(r, Verb::get, "/chats/abc"), "chat abc");
  EXPECT_EQ(call(r, Verb::get, "/chats/abc/messages"), "messages abc");
  EXPECT_EQ(call(r, Verb::get, "/chats/abc/other"), "404");
  EXPECT_EQ(call(r, Verb::get, "/"), "404");
}

TEST(Router, ReportsWrongMethodAndServesHeadAsGet) {
  Router r;
  r.add_sync(Verb::post, "/auth/login", [](const Request&, const Params&) { return answer("login"); });
  r.add_sync(Verb::get, "/healthz", [](const Request&, const Params&) { return answer("ok"); });
  EXPECT_EQ(call(r, Verb::get, "/auth/login"), "405");
  EXPECT_EQ(call(r, Verb::post, "/auth/login"), "login");
  EXPECT_EQ(call(r, Verb::head, "/healthz"), "ok");
}

TEST(Router, ErrorResponseHasProtocolShape) {
  auto res = error_response(404, "not_found", "Chat not found");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res.body(), R"({"statusCode":404,"error":"not_found","message":"Chat not found"})");
  EXPECT_EQ(res[boost::beast::http::field::content_type], "application/json");
}

}  // namespace
}  // namespace parley::http
