#include "util/search_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::util {
namespace {

// The original text a match of `pattern` in the search form of `text` highlights (UTF-16
// ranges turned back into UTF-8 through ICU-free ASCII or the helper below).
std::u16string highlight(std::string_view text, std::string_view pattern) {
  const auto map = search_text_map(text);
  const auto at = map.text.find(pattern);
  if (at == std::string::npos) return u"<none>";
  std::size_t first = at;
  std::size_t last = at + pattern.size() - 1;
  while (map.text[first] == ' ') ++first;
  while (map.text[last] == ' ') --last;
  std::u16string utf16;
  for (std::size_t i = 0; i < text.size();) {  // UTF-8 to UTF-16, enough for the tests
    const auto c = static_cast<unsigned char>(text[i]);
    char32_t cp = 0;
    std::size_t n = 1;
    if (c < 0x80) {
      cp = c;
    } else if (c < 0xE0) {
      cp = c & 0x1F, n = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, n = 3;
    } else {
      cp = c & 0x07, n = 4;
    }
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      utf16 += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
      utf16 += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      utf16 += static_cast<char16_t>(cp);
    }
    i += n;
  }
  return utf16.substr(map.from[first], map.to[last] - map.from[first]);
}

TEST(SearchText, KeepsWordsLowercasedBetweenSingleSpaces) {
  EXPECT_EQ(search_text("Hello,   World!"), " hello world ");
  EXPECT_EQ(search_text("We redeployed v2.1 (prod)"), " we redeployed v2 1 prod ");
  EXPECT_EQ(search_text(""), " ");
  EXPECT_EQ(search_text("?!"), " ");
}

TEST(SearchText, FoldsCaseAccentsAndCompatibilityForms) {
  EXPECT_EQ(search_text("ÉLODIE"), " elodie ");
  EXPECT_EQ(search_text("e\u0301lodie"), " elodie ");
  EXPECT_EQ(search_text("Straße"), " strasse ");
  EXPECT_EQ(search_text("ｂｏｂ"), " bob ");
  EXPECT_EQ(search_text("Ёлка ДОМ"), " елка дом ");
  EXPECT_EQ(search_text("Größenänderungen"), " grossenanderungen ");
  EXPECT_EQ(search_text("ΣΟΦΊΑ"), search_text("σοφία"));
}

TEST(SearchText, SplitsUnspacedScriptsIntoCharacters) {
  EXPECT_EQ(search_text("明日の会議は東京で"), " 明 日 の 会 議 は 東 京 で ");
  EXPECT_EQ(search_text("東京tower"), " 東 京 tower ");
  EXPECT_EQ(search_text("ｶﾀｶﾅ"), " カ タ カ ナ ");  // half-width folds to full-width
  // Thai keeps its vowel marks on their consonant.
  EXPECT_EQ(search_text("สวัสดี"), " ส วั ส ดี ");
  EXPECT_EQ(search_text("한국어 검색"), " 한국어 검색 ");  // Hangul is written with spaces
}

TEST(SearchText, MakesEmojiWordsOfTheirOwnWithoutSkinTonesOrJoinerNoise) {
  EXPECT_EQ(search_text("party🎉time"), " party 🎉 time ");
  EXPECT_EQ(search_text("👍🏽"), search_text("👍"));
  EXPECT_EQ(search_text("❤️"), search_text("❤"));
}

TEST(SearchText, SurvivesIllFormedInput) {
  EXPECT_EQ(search_text(std::string_view("a\xff"
                                         "b",
                                         3)),
            " a b ");
}

TEST(SearchText, MapsEveryByteBackToTheOriginalInUtf16) {
  EXPECT_EQ(highlight("We redeployed it", "deploy"), u"deploy");
  EXPECT_EQ(highlight("Café crème", " cafe creme "), u"Café crème");
  EXPECT_EQ(highlight("e\u0301te\u0301", "ete"), u"e\u0301te\u0301");
  EXPECT_EQ(highlight("Die STRASSE, die Straße", "strasse"), u"STRASSE");
  EXPECT_EQ(highlight("🎉 明日の会議は東京で", " 東 京 "), u"東京");
  EXPECT_EQ(highlight("x 🎉🎉 y", " 🎉 🎉 "), u"🎉🎉");
  const auto map = search_text_map("ab");
  ASSERT_EQ(map.from.size(), map.text.size());
  ASSERT_EQ(map.to.size(), map.text.size());
}

TEST(SearchText, ListsTheDistinctWordsOfANameInOrder) {
  EXPECT_EQ(search_words("Ann-Marie  ann ÉLODIE"), (std::vector<std::string>{"ann", "marie", "elodie"}));
  EXPECT_EQ(search_words("李小龍"), (std::vector<std::string>{"李", "小", "龍"}));
  EXPECT_TRUE(search_words("?!").empty());
}

TEST(SearchText, FindsLinks) {
  EXPECT_TRUE(has_link("see https://example.com/x"));
  EXPECT_TRUE(has_link("HTTP://EXAMPLE.COM"));
  EXPECT_TRUE(has_link("www.example.com"));
  EXPECT_FALSE(has_link("awww.nice"));
  EXPECT_FALSE(has_link("http is a protocol"));
}

TEST(SearchText, CountsCodePointsAndUtf16Units) {
  EXPECT_EQ(code_points("héllo"), 5U);
  EXPECT_EQ(utf16_length("a🎉"), 3U);
  EXPECT_EQ(code_points("a🎉"), 2U);
}

}  // namespace
}  // namespace parley::util
