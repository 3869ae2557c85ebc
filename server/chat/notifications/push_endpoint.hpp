// Which push endpoints the server will send to. A subscription names a URL the server then
// requests; taken from anyone, it must not point the server into its own network: https only,
// a host name with a dot (or a public IP address), no loopback, private, link-local or
// special-purpose address. Tests' push services on loopback need `insecure` (http and any host).
// Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace parley::chat {

inline constexpr std::size_t kMaxEndpointBytes = 2048;

// Empty when the server may push to `endpoint`; otherwise why not.
std::string endpoint_problem(std::string_view endpoint, bool insecure);

}  // namespace parley::chat
