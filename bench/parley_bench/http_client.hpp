// Blocking HTTP/1.1 JSON requests for the load generator's setup (registering users, creating
// chats, reading history): one short connection per request, from any thread.
#pragma once

#include "sio_client.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace parley::bench {

struct HttpReply {
  int status = 0;  // 0 when the request could not be made
  boost::json::value body;
  std::string error;  // transport error or unparsable body
};

HttpReply http_json(const Target& target, std::string_view method, std::string_view path,
                    const boost::json::value* body = nullptr, std::string_view token = {});

}  // namespace parley::bench
