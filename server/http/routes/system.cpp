// The process itself: health.
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
  return routes;
}

}  // namespace parley::http
