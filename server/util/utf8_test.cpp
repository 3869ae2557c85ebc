#include "util/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::util {
namespace {

TEST(Utf8, AcceptsAsciiAndMultibyte) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("hello, world and a long ascii run"));
  EXPECT_TRUE(is_valid_utf8("h\xC3\xA9llo"));              // é
  EXPECT_TRUE(is_valid_utf8("\xE2\x9C\x93\xE2\x9C\x93"));  // ✓✓
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));          // 😀
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x9C"));       // truncated at the end
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong, three bytes
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("12345678\xC3\x28"));  // bad continuation after the fast path
}

TEST(Utf8, HandlesEmbeddedNul) {
  const std::string s("a\0b", 3);
  EXPECT_TRUE(is_valid_utf8(s));
}

TEST(Utf8, APrefixEndsOnACodePoint) {
  EXPECT_EQ(utf8_prefix("héllo wörld", 4), "héll");
  EXPECT_EQ(utf8_prefix("日本語のテキスト", 3), "日本語");
  EXPECT_EQ(utf8_prefix("a😀b", 2), "a😀");
  EXPECT_EQ(utf8_prefix("short", 10), "short");
  EXPECT_EQ(utf8_prefix("", 3), "");
  EXPECT_EQ(utf8_prefix("abc", 0), "");
}

}  // namespace
}  // namespace parley::util
