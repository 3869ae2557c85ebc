#include "http/client_address.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace parley::http {
namespace {

TEST(TrustedProxies, WithoutProxiesThePeerIsTheClient) {
  TrustedProxies none;
  EXPECT_EQ(none.client("203.0.113.7", "198.51.100.1"), "203.0.113.7");  // the header is not believed
}

TEST(TrustedProxies, TheRightmostUntrustedForwardedAddressIsTheClient) {
  TrustedProxies proxies({"10.0.0.0/8", "192.168.1.10", "fd00::/8"});
  EXPECT_EQ(proxies.client("10.1.2.3", "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client("10.1.2.3", "198.51.100.1, 192.168.1.10"), "198.51.100.1");  // two proxies
  // A client cannot pick its address: what it wrote left of the first untrusted hop is ignored.
  EXPECT_EQ(proxies.client("10.1.2.3", "1.2.3.4, 198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client("203.0.113.7", "198.51.100.1"), "203.0.113.7");  // peer not a proxy
  EXPECT_EQ(proxies.client("10.1.2.3", ""), "10.1.2.3");                    // nothing forwarded
  EXPECT_EQ(proxies.client("10.1.2.3", "garbage, 198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client("10.1.2.3", "198.51.100.1, garbage"), "10.1.2.3");  // stops at what it cannot read
  EXPECT_EQ(proxies.client("::ffff:10.1.2.3", "2001:db8::1"), "2001:db8::1");  // IPv4-mapped peer
  EXPECT_EQ(proxies.client("fd12::1", " 198.51.100.9 "), "198.51.100.9");
  EXPECT_EQ(proxies.client("192.168.1.11", "198.51.100.1"), "192.168.1.11");  // only .10 is trusted
}

TEST(TrustedProxies, RefusesWhatIsNeitherAddressNorNetwork) {
  EXPECT_THROW(TrustedProxies({"nginx"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_NO_THROW(TrustedProxies({"127.0.0.1", "::1", "172.16.0.0/12"}));
}

}  // namespace
}  // namespace parley::http
