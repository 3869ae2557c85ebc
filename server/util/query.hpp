// Request targets: "/path?a=1&b=x%20y" split into a percent-decoded path and query map.
// Pure functions over untrusted input, safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace parley::util {

std::string percent_decode(std::string_view text);

struct Target {
  std::string path;
  std::map<std::string, std::string, std::less<>> query;
};

Target parse_target(std::string_view target);

}  // namespace parley::util
