#include "util/emoji.hpp"

#include <gtest/gtest.h>

namespace parley::util {
namespace {

TEST(Emoji, OneEmojiOfAnyKindIsOne) {
  for (const char* e : {"👍", "😀", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷",
                        "1️⃣", "❤️", "🫠"}) {
    EXPECT_EQ(normalize_emoji(e), std::string(e)) << e;
  }
}

TEST(Emoji, AnEmojiShownAsTextByDefaultGetsItsPresentationSelector) {
  EXPECT_EQ(normalize_emoji("❤"), std::string("❤️"));
  EXPECT_EQ(normalize_emoji("☺"), std::string("☺️"));
}

TEST(Emoji, AnythingElseIsRefused) {
  for (const char* t :
       {"", "a", "1", "#", "👍👍", "👍 ", " 👍", "ok", "é", "日", "\xF0\x9F", "👍a", "\xE2\x80\x8D", "❤️❤️"}) {
    EXPECT_FALSE(normalize_emoji(t).has_value()) << t;
  }
  EXPECT_FALSE(normalize_emoji(std::string(100, 'x')).has_value());
}

TEST(Emoji, ShortcodesAreColonNamesOfLowercaseLettersDigitsAndMarks) {
  EXPECT_TRUE(is_emoji_shortcode(":party_parrot:"));
  EXPECT_TRUE(is_emoji_shortcode(":+1:"));
  EXPECT_TRUE(is_emoji_shortcode(":ok:"));
  EXPECT_FALSE(is_emoji_shortcode(":a:"));
  EXPECT_FALSE(is_emoji_shortcode("party:"));
  EXPECT_FALSE(is_emoji_shortcode(":Party:"));
  EXPECT_FALSE(is_emoji_shortcode(":par ty:"));
  EXPECT_FALSE(is_emoji_shortcode(":" + std::string(33, 'a') + ":"));
}

}  // namespace
}  // namespace parley::util
