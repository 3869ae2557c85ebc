#include "util/query.hpp"
#include "util/utf8.hpp"

#include <gtest/gtest.h>

namespace parley::util {
namespace {

TEST(Query, SplitsAndDecodesTargets) {
  auto t = parse_target("/socket.io/?EIO=4&transport=polling&t=a%20b+c&empty&x=%zz");
  EXPECT_EQ(t.path, "/socket.io/");
  EXPECT_EQ(t.query.at("EIO"), "4");
  EXPECT_EQ(t.query.at("t"), "a b c");
  EXPECT_EQ(t.query.at("empty"), "");
  EXPECT_EQ(t.query.at("x"), "%zz");  // malformed escapes stay as they are
  EXPECT_TRUE(parse_target("/plain").query.empty());
  EXPECT_EQ(percent_decode("%2F%2f%"), "//%");
}

TEST(Utf8, LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80"), 3u);
}

}  // namespace
}  // namespace parley::util
