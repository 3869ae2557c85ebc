// Routes HTTP requests to handlers by method and path pattern ("/chats/:chatId/messages").
// Handlers answer through a Respond callback that may be called from any thread, exactly once,
// so a handler can hand work to a database worker and answer later. The route table is built
// before serving and read-only afterwards, so matching needs no lock.
#pragma once

#include "http/message.hpp"
#include "http/streaming.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parley::http {

using Handler = std::function<void(const Request&, const Params&, Respond)>;
using SyncHandler = std::function<Response(const Request&, const Params&)>;

class Router {
 public:
  void add(Verb method, const std::string& pattern, Handler handler);
  void add_sync(Verb method, const std::string& pattern, SyncHandler handler);
  // A route whose response body is streamed (with Range and conditional requests answered).
  void add_streamed(Verb method, const std::string& pattern, StreamRoute route);
  // A route whose request body is streamed to a sink as it arrives.
  void add_upload(Verb method, const std::string& pattern, UploadRoute route);

  struct Match {
    // One of these three is set when a route matched.
    const Handler* handler = nullptr;
    const StreamRoute* streamed = nullptr;
    const UploadRoute* upload = nullptr;
    Params params;
    bool path_known = false;  // some route has this path with another method (405)
  };
  Match match(Verb method, std::string_view path) const;

  // The largest body an upload route accepts (0 with none).
  std::uint64_t max_upload_bytes() const;

 private:
  struct Route {
    Verb method;
    std::vector<std::string> segments;  // ":name" captures one segment
    Handler handler;
    std::shared_ptr<const StreamRoute> streamed;
    std::shared_ptr<const UploadRoute> upload;
  };
  void add_route(Route route, const std::string& pattern);
  std::vector<Route> routes_;
};

// Helpers that build responses with the JSON error body of the protocol:
// {statusCode, error, message}.
Response json_response(unsigned status, std::string body);
Response error_response(unsigned status, std::string_view code, std::string_view message);

}  // namespace parley::http
