#include "realtime/websocket_handshake.hpp"

#include <gtest/gtest.h>

namespace parley::realtime::ws {
namespace {

namespace http = boost::beast::http;

http::request<http::string_body> upgrade_request() {
  http::request<http::string_body> req{http::verb::get, "/socket.io/?EIO=4&transport=websocket", 11};
  req.set(http::field::host, "localhost");
  req.set(http::field::connection, "keep-alive, Upgrade");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(http::field::sec_websocket_extensions, "permessage-deflate; client_max_window_bits");
  return req;
}

TEST(WebSocketHandshake, AcceptKeyOfTheRfcExample) {
  // RFC 6455 §1.3.
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, AcceptsAValidUpgradeWithoutExtensions) {
  const auto answer = answer_upgrade(upgrade_request());
  ASSERT_TRUE(answer.accepted);
  EXPECT_EQ(answer.response.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u);
  EXPECT_NE(answer.response.find("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
  EXPECT_NE(answer.response.find("\r\nUpgrade: websocket\r\n"), std::string::npos);
  EXPECT_EQ(answer.response.find("Extensions"), std::string::npos);
  EXPECT_TRUE(answer.response.ends_with("\r\n\r\n"));
}

TEST(WebSocketHandshake, RefusesBadRequests) {
  auto wrong_version = upgrade_request();
  wrong_version.set(http::field::sec_websocket_version, "8");
  const auto v = answer_upgrade(wrong_version);
  EXPECT_FALSE(v.accepted);
  EXPECT_EQ(v.response.rfind("HTTP/1.1 426 ", 0), 0u);
  EXPECT_NE(v.response.find("\r\nSec-WebSocket-Version: 13\r\n"), std::string::npos);

  auto no_key = upgrade_request();
  no_key.erase(http::field::sec_websocket_key);
  EXPECT_EQ(answer_upgrade(no_key).response.rfind("HTTP/1.1 400 ", 0), 0u);

  auto short_key = upgrade_request();
  short_key.set(http::field::sec_websocket_key, "c2hvcnQ=");
  EXPECT_FALSE(answer_upgrade(short_key).accepted);

  auto post = upgrade_request();
  post.method(http::verb::post);
  EXPECT_FALSE(answer_upgrade(post).accepted);

  auto no_host = upgrade_request();
  no_host.erase(http::field::host);
  EXPECT_FALSE(answer_upgrade(no_host).accepted);

  auto no_upgrade = upgrade_request();
  no_upgrade.set(http::field::connection, "keep-alive");
  EXPECT_FALSE(answer_upgrade(no_upgrade).accepted);
}

}  // namespace
}  // namespace parley::realtime::ws
