// The process itself: health, and the limits its settings put on what clients send.
#include "chat/messages/lifecycle_service.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

std::vector<RouteSpec> system_routes(RouteContext& ctx) {
  RouteSpec r;
  r.paths = both("/health");
  r.access = Access::kAnyone;
  r.summary = "Health of the process and its database";
  r.responses = R"j({"200": {"description": "ok"}, "503": {"description": "a backend is down"}})j";
  r.run = [&ctx](const RestCall&) {
    if (!ctx.store.ping()) return json_ok(503, json::object{{"status", "error"}, {"database", "down"}});
    return json_ok(200, json::object{{"status", "ok"}, {"database", "up"}});
  };
  std::vector<RouteSpec> routes;
  routes.push_back(std::move(r));
  {
    RouteSpec limits;
    limits.paths = {"/api/v1/limits"};
    limits.summary =
        "What this server allows: message and quote length, the edit and delete windows (milliseconds; 0: no "
        "limit; a group's settings may shorten the edit window), how many messages one deletion takes, reactions per "
        "person and different reactions per message, the largest file and files per message";
    limits.responses =
        R"j({"200": {"description": "{maxMessageChars, maxQuoteChars, editWindowMs, deleteWindowMs, maxDeletedAtOnce, maxReactionsPerUser, maxDistinctReactions, maxUploadBytes, maxAttachments}"}})j";
    limits.run = [&ctx](const RestCall&) {
      const auto& o = ctx.chat.options();
      return json_ok(200, json::object{{"maxMessageChars", o.max_message_chars},
                                       {"maxQuoteChars", o.max_quote_chars},
                                       {"editWindowMs", o.edit_window_ms},
                                       {"deleteWindowMs", o.delete_window_ms},
                                       {"maxDeletedAtOnce", chat::LifecycleService::kMaxDeletedAtOnce},
                                       {"maxReactionsPerUser", o.max_reactions_per_user},
                                       {"maxDistinctReactions", o.max_distinct_reactions},
                                       {"maxUploadBytes", o.max_upload_bytes},
                                       {"maxAttachments", o.max_attachments}});
    };
    routes.push_back(std::move(limits));
  }
  return routes;
}

}  // namespace parley::http
