// Threads: a root's replies, reading and following a thread, the caller's followed threads.
// Replies are sent over Socket.IO ("message" {threadRootId}). The rules are ThreadService's.
#include "chat/messages/thread_wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

std::vector<RouteSpec> thread_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/v1/messages/:rootId/thread"};
    r.summary = "A message's thread: the root and a page of its replies, oldest first";
    r.query = {chat::optional_integer_at_least("after", 0).describe("replies with a greater seq"),
               chat::optional_integer_at_least("before", 0).describe("the newest replies with a smaller seq"),
               chat::optional_integer_at_least("limit", 1).describe("default 50; at most 200")};
    r.responses =
        R"j({"200": {"description": "{root: ChatMessage, replies: [ChatMessage]}"},
      "400": {"description": "invalid input, or the message is a thread reply"},
      "403": {"description": "not a participant"}, "404": {"description": "unknown message"}})j";
    r.run = [&ctx](const RestCall& c) {
      store::ThreadQuery q;
      q.after_seq = chat::optional_integer(c.query, "after");
      q.before_seq = chat::optional_integer(c.query, "before");
      q.limit = static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(50));
      auto page = ctx.chat.threads.thread(c.actor(), c.params.get("rootId"), q);
      if (!page) return error(page.error());
      return json_ok(200, chat::thread_page_json(*page));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/messages/:rootId/thread/read"};
    r.summary = "The caller read the thread up to seq: their unread count after (thread:read to their devices)";
    r.body = {chat::required_integer("seq")};
    r.responses =
        R"j({"200": {"description": "{unread}"}, "400": {"description": "invalid input"},
      "403": {"description": "not a participant"}, "404": {"description": "unknown message"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto unread = ctx.chat.threads.read(c.actor(), c.params.get("rootId"), chat::integer(c.body, "seq"));
      if (!unread) return error(unread.error());
      return json_ok(200, json::object{{"unread", *unread}});
    };
    routes.push_back(std::move(r));
  }
  for (const bool follow : {true, false}) {
    RouteSpec r;
    r.method = follow ? Verb::put : Verb::delete_;
    r.paths = {"/api/v1/messages/:rootId/thread/follow"};
    r.summary = follow ? "Follow a thread (its unread count starts at its last reply)" : "Stop following a thread";
    r.responses =
        R"j({"204": {"description": "done"}, "400": {"description": "invalid input"},
      "403": {"description": "not a participant"}, "404": {"description": "unknown message"}})j";
    r.run = [&ctx, follow](const RestCall& c) {
      auto done = ctx.chat.threads.follow(c.actor(), c.params.get("rootId"), follow);
      if (!done) return error(done.error());
      Response res;
      res.result(204);
      return res;
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/threads"};
    r.summary = "The threads the caller follows, latest reply first, with their unread counts";
    r.query = {chat::optional_string("cursor").describe("the next of the previous page"),
               chat::optional_integer_at_least("limit", 1).describe("default 50; at most 100")};
    r.responses =
        R"j({"200": {"description": "{threads: [{chatId, root: ChatMessage, readSeq, unread}], next}"},
      "400": {"description": "invalid cursor"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto page =
          ctx.chat.threads.followed(c.actor(), chat::optional_text(c.query, "cursor").value_or(""),
                                    static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(50)));
      if (!page) return error(page.error());
      return json_ok(200, chat::followed_json(*page));
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
