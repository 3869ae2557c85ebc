// Routes HTTP requests to handlers by method and path pattern ("/chats/:chatId/messages").
// Handlers answer through a Respond callback that may be called from any thread, exactly once,
// so a handler can hand work to a database worker and answer later. The route table is built
// before serving and read-only afterwards, so matching needs no lock.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Verb = boost::beast::http::verb;

class Params {
 public:
  std::string remote_address;  // of the client, filled in by the server

  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  // The value of path parameter `name`, or an empty view.
  std::string_view get(std::string_view name) const {
    for (const auto& [k, v] : items_) {
      if (k == name) return v;
    }
    return {};
  }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

using Respond = std::function<void(Response)>;
using Handler = std::function<void(const Request&, const Params&, Respond)>;
using SyncHandler = std::function<Response(const Request&, const Params&)>;

class Router {
 public:
  void add(Verb method, std::string pattern, Handler handler);
  void add_sync(Verb method, std::string pattern, SyncHandler handler);

  struct Match {
    const Handler* handler = nullptr;
    Params params;
    bool path_known = false;  // some route has this path with another method (405)
  };
  Match match(Verb method, std::string_view path) const;

 private:
  struct Route {
    Verb method;
    std::vector<std::string> segments;  // ":name" captures one segment
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Helpers that build responses with the JSON error body of the protocol:
// {statusCode, error, message}.
Response json_response(unsigned status, std::string body);
Response error_response(unsigned status, std::string_view code, std::string_view message);

}  // namespace parley::http
