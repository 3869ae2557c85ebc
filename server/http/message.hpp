// The request and response types of the HTTP layer, and a matched route's path parameters.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <functional>
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

}  // namespace parley::http
