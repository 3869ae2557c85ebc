#include "util/base64.hpp"

#include <gtest/gtest.h>

namespace parley::util {
namespace {

TEST(Base64, RoundTripsAllLengths) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << i;
    bytes += static_cast<char>(i * 37);
  }
}

TEST(Base64, MatchesKnownVectors) {
  EXPECT_EQ(base64_encode(std::string("\x01\x02\x03\x04", 4)), "AQIDBA==");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
}

TEST(Base64, RejectsMalformedText) {
  EXPECT_FALSE(base64_decode("abc"));       // not a multiple of four
  EXPECT_FALSE(base64_decode("ab!d"));      // bad character
  EXPECT_FALSE(base64_decode("a==="));      // too much padding
  EXPECT_FALSE(base64_decode("ab=cdefg"));  // padding in the middle
  EXPECT_FALSE(base64_decode("=AAA"));
}

}  // namespace
}  // namespace parley::util
