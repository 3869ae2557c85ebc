#include "http/client_address.hpp"

#include <stdexcept>

namespace parley::http {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An IPv4-mapped IPv6 address ("::ffff:10.0.0.1", as dual-stack sockets report IPv4 peers) is
// that IPv4 address.
ip::address plain(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    boost::system::error_code ec;
    if (entry.find('/') != std::string::npos) {
      if (auto n4 = ip::make_network_v4(entry, ec); !ec) {
        v4_.push_back(n4.canonical());
        continue;
      }
      if (auto n6 = ip::make_network_v6(entry, ec); !ec) {
        v6_.push_back(n6.canonical());
        continue;
      }
    } else if (auto a = ip::make_address(entry, ec); !ec) {
      a = plain(a);
      if (a.is_v4()) {
        v4_.emplace_back(a.to_v4(), 32);
      } else {
        v6_.emplace_back(a.to_v6(), 128);
      }
      continue;
    }
    throw std::invalid_argument("'" + entry + "' is neither an IP address nor a network such as 10.0.0.0/8");
  }
}

bool TrustedProxies::trusts(const ip::address& address) const {
  const ip::address a = plain(address);
  if (a.is_v4()) {
    const ip::network_v4 host(a.to_v4(), 32);
    for (const auto& n : v4_) {
      if (host == n || host.is_subnet_of(n)) return true;
    }
    return false;
  }
  const ip::network_v6 host(a.to_v6(), 128);
  for (const auto& n : v6_) {
    if (host == n || host.is_subnet_of(n)) return true;
  }
  return false;
}

std::string TrustedProxies::client(std::string_view peer, std::string_view forwarded_for) const {
  boost::system::error_code ec;
  ip::address current = ip::make_address(std::string(peer), ec);
  if (ec || empty()) return std::string(peer);
  current = plain(current);
  // Right to left: each hop is trusted to say who it received the request from.
  std::string_view rest = forwarded_for;
  while (trusts(current) && !rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    const ip::address next = ip::make_address(std::string(entry), ec);
    if (ec) break;
    current = plain(next);
  }
  return current.to_string();
}

}  // namespace parley::http
