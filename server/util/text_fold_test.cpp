#include "util/text_fold.hpp"

#include <gtest/gtest.h>

namespace parley::util {
namespace {

TEST(SearchFold, FoldsCaseBeyondAscii) {
  EXPECT_EQ(search_fold("Alice"), "alice");
  EXPECT_EQ(search_fold("ÉLODIE"), search_fold("élodie"));
  EXPECT_EQ(search_fold("ΣΟΦΊΑ"), search_fold("σοφία"));
  EXPECT_EQ(search_fold("ДМИТРИЙ"), "дмитрий");
  EXPECT_EQ(search_fold("STRASSE"), search_fold("straße"));
}

TEST(SearchFold, FoldsCanonicalAndCompatibilityForms) {
  EXPECT_EQ(search_fold("e\u0301lodie"), search_fold("\u00e9lodie"));  // decomposed and precomposed
  EXPECT_EQ(search_fold("ｂｏｂ"), "bob");                             // full-width
}

TEST(SearchFold, KeepsScriptsWithoutCaseAndSurvivesBadInput) {
  EXPECT_EQ(search_fold("李小龍"), "李小龍");
  EXPECT_EQ(search_fold(""), "");
  EXPECT_EQ(search_fold(std::string_view("a\xff"
                                         "b",
                                         3)),
            "a\xef\xbf\xbd"
            "b");  // U+FFFD
}

TEST(IsWord, LettersAndDigitsOfAnyScriptUnderscoreAndHyphen) {
  EXPECT_TRUE(is_word("thanks"));
  EXPECT_TRUE(is_word("good-bye_2"));
  EXPECT_TRUE(is_word("спасибо"));
  EXPECT_TRUE(is_word("ありがとう"));
  EXPECT_FALSE(is_word(""));
  EXPECT_FALSE(is_word("two words"));
  EXPECT_FALSE(is_word("/thanks"));
  EXPECT_FALSE(is_word("hi!"));
  EXPECT_FALSE(is_word(std::string_view("a\xff", 2)));
}

}  // namespace
}  // namespace parley::util
