// The address of the client behind trusted reverse proxies (nginx in the cluster deployment).
// Without proxies the peer of the TCP connection is the client. When the peer is a trusted
// proxy, the client is the rightmost address of X-Forwarded-For that is not a trusted proxy
// itself (each proxy appends the address it received the request from; entries left of an
// untrusted one may be made up by the client). Used for the per-address rate limits.
//
// Threading: a TrustedProxies is immutable once built and may be shared by every thread.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace parley::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Addresses ("10.0.0.5", "::1") or networks ("10.0.0.0/8", "fd00::/8"); throws
  // std::invalid_argument naming an entry that is neither.
  explicit TrustedProxies(const std::vector<std::string>& entries);

  bool empty() const { return v4_.empty() && v6_.empty(); }
  bool trusts(const boost::asio::ip::address& address) const;

  // The client's address for a request from `peer` with this X-Forwarded-For header (may be
  // empty). Unparsable entries end the walk: the last address trusted so far is the answer.
  std::string client(std::string_view peer, std::string_view forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace parley::http
