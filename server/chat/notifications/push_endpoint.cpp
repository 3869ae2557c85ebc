#include "chat/notifications/push_endpoint.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace parley::chat {
namespace {

bool is_public_v4(const std::array<std::uint8_t, 4>& a) {
  if (a[0] == 0 || a[0] == 10 || a[0] == 127 || a[0] >= 224)
    return false;                                                          // this network, private, loopback, multicast
  if (a[0] == 169 && a[1] == 254) return false;                            // link-local
  if (a[0] == 172 && (a[1] & 0xF0) == 16) return false;                    // private
  if (a[0] == 192 && a[1] == 168) return false;                            // private
  if (a[0] == 100 && (a[1] & 0xC0) == 64) return false;                    // carrier-grade NAT
  if (a[0] == 192 && a[1] == 0 && (a[2] == 0 || a[2] == 2)) return false;  // special, documentation
  if (a[0] == 198 && (a[1] & 0xFE) == 18) return false;                    // benchmarking
  return true;
}

bool is_public_v6(const std::array<std::uint8_t, 16>& a) {
  const bool zero_prefix = std::all_of(a.begin(), a.begin() + 10, [](auto b) { return b == 0; });
  if (zero_prefix && a[10] == 0xFF && a[11] == 0xFF) return is_public_v4({a[12], a[13], a[14], a[15]});  // v4-mapped
  if (zero_prefix && a[10] == 0 && a[11] == 0) return false;  // unspecified, loopback, v4-compatible
  if ((a[0] & 0xFE) == 0xFC) return false;                    // unique local
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return false;    // link-local
  if (a[0] == 0xFF) return false;                             // multicast
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) return false;  // documentation
  return true;
}

}  // namespace

std::string endpoint_problem(std::string_view endpoint, bool insecure) {
  if (endpoint.empty() || endpoint.size() > kMaxEndpointBytes) {
    return "endpoint must be a URL of at most " + std::to_string(kMaxEndpointBytes) + " bytes";
  }
  if (std::any_of(endpoint.begin(), endpoint.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7F; })) {
    return "endpoint must be a URL without spaces or control characters";
  }
  std::string_view rest;
  if (endpoint.starts_with("https://")) {
    rest = endpoint.substr(8);
  } else if (insecure && endpoint.starts_with("http://")) {
    rest = endpoint.substr(7);
  } else {
    return "endpoint must be an https URL";
  }
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return "endpoint must not carry credentials";
  std::string host;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return "endpoint has a malformed host";
    host = std::string(authority.substr(1, close - 1));
  } else {
    host = std::string(authority.substr(0, authority.find(':')));
  }
  if (host.empty()) return "endpoint has no host";
  if (insecure) return {};
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  std::array<std::uint8_t, 16> v6{};
  std::array<std::uint8_t, 4> v4{};
  if (inet_pton(AF_INET6, host.c_str(), v6.data()) == 1) {
    return is_public_v6(v6) ? std::string() : "endpoint must not be a private or local address";
  }
  if (inet_pton(AF_INET, host.c_str(), v4.data()) == 1) {
    return is_public_v4(v4) ? std::string() : "endpoint must not be a private or local address";
  }
  if (host.find('.') == std::string::npos || host.ends_with(".localhost") || host.ends_with(".local") ||
      host.ends_with(".internal") || host.ends_with(".")) {
    return "endpoint must name a public host";
  }
  // An address in a form inet_pton does not read ("127.1", "0x7f.0.0.1") is still one for the
  // resolver; no top-level domain starts with a digit.
  if (std::isdigit(static_cast<unsigned char>(host[host.rfind('.') + 1])) != 0) {
    return "endpoint must not be a private or local address";
  }
  return {};
}

}  // namespace parley::chat
