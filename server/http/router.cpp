#include "http/router.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace parley::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    if (i >= path.size()) break;
    const std::size_t end = path.find('/', i);
    out.push_back(path.substr(i, end == std::string_view::npos ? path.npos : end - i));
    if (end == std::string_view::npos) break;
    i = end;
  }
  return out;
}

}  // namespace

void Router::add_route(Route route, const std::string& pattern) {
  for (auto seg : split_path(pattern)) route.segments.emplace_back(seg);
  routes_.push_back(std::move(route));
}

void Router::add(Verb method, const std::string& pattern, Handler handler) {
  add_route(Route{method, {}, std::move(handler), {}, {}}, pattern);
}

void Router::add_streamed(Verb method, const std::string& pattern, StreamRoute route) {
  add_route(Route{method, {}, {}, std::make_shared<const StreamRoute>(std::move(route)), {}}, pattern);
}

void Router::add_upload(Verb method, const std::string& pattern, UploadRoute route) {
  add_route(Route{method, {}, {}, {}, std::make_shared<const UploadRoute>(std::move(route))}, pattern);
}

void Router::add_sync(Verb method, const std::string& pattern, SyncHandler handler) {
  add(method, pattern, [h = std::move(handler)](const Request& req, const Params& params, const Respond& respond) {
    respond(h(req, params));
  });
}

Router::Match Router::match(Verb method, std::string_view path) const {
  Match m;
  const auto segments = split_path(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    Params params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (!want.empty() && want[0] == ':') {
        params.add(want.substr(1), std::string(segments[i]));
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    if (route.method != method && !(method == Verb::head && route.method == Verb::get)) {
      m.path_known = true;
      continue;
    }
    if (route.upload) {
      m.upload = route.upload.get();
    } else if (route.streamed) {
      m.streamed = route.streamed.get();
    } else {
      m.handler = &route.handler;
    }
    m.params = std::move(params);
    return m;
  }
  return m;
}

std::uint64_t Router::max_upload_bytes() const {
  std::uint64_t most = 0;
  for (const auto& route : routes_) {
    if (route.upload) most = std::max(most, route.upload->max_body_bytes);
  }
  return most;
}

Response json_response(unsigned status, std::string body) {
  Response res;
  res.result(status);
  res.set(boost::beast::http::field::content_type, "application/json");
  res.set(boost::beast::http::field::cache_control, "no-store");
  res.body() = std::move(body);
  return res;
}

Response error_response(unsigned status, std::string_view code, std::string_view message) {
  boost::json::object o{{"statusCode", status}, {"error", code}, {"message", message}};
  return json_response(status, boost::json::serialize(o));
}

}  // namespace parley::http
