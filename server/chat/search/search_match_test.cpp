#include "chat/search/search_match.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

std::vector<SearchTerm> terms(std::initializer_list<std::string_view> typed) {
  std::vector<SearchTerm> out;
  for (const auto t : typed) out.push_back(SearchTerm{std::string(t), search_pattern(t, false)});
  return out;
}

TEST(SearchMatch, HighlightsEveryMatchInUtf16Offsets) {
  const auto m = match_text("We redeployed 🎉 and DEPLOY again", terms({"deploy"}));
  // "We re" is 5 units; the emoji is two units.
  EXPECT_EQ(m.highlights, (std::vector<TextRange>{{5, 11}, {21, 27}}));
  EXPECT_EQ(m.snippet, "We redeployed 🎉 and DEPLOY again");
  EXPECT_EQ(m.snippet_highlights, m.highlights);
}

TEST(SearchMatch, HighlightsFoldedAndUnspacedText) {
  EXPECT_EQ(match_text("Café crème", terms({"creme"})).highlights, (std::vector<TextRange>{{5, 10}}));
  EXPECT_EQ(match_text("明日の会議は東京で", terms({"東京"})).highlights, (std::vector<TextRange>{{6, 8}}));
  EXPECT_EQ(match_text("東東東", terms({"東"})).highlights, (std::vector<TextRange>{{0, 3}}));  // adjacent, merged
}

TEST(SearchMatch, MergesOverlappingMatchesOfSeveralTerms) {
  EXPECT_EQ(match_text("deployment", terms({"deploy", "ployment"})).highlights, (std::vector<TextRange>{{0, 10}}));
}

TEST(SearchMatch, RanksWholeWordsOverPartsAndShortTextsOverLong) {
  const auto whole = match_text("deploy now", terms({"deploy"}));
  const auto part = match_text("redeployed now", terms({"deploy"}));
  EXPECT_GT(whole.score, part.score);
  std::string longer = "deploy";
  for (int i = 0; i < 100; ++i) longer += " filler";
  EXPECT_GT(whole.score, match_text(longer, terms({"deploy"})).score);
}

TEST(SearchMatch, CutsASnippetAroundTheFirstMatchAtSpaces) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "word ";
  const std::size_t at = text.size();
  text += "needle";
  for (int i = 0; i < 60; ++i) text += " tail";
  const auto m = match_text(text, terms({"needle"}));
  ASSERT_EQ(m.highlights,
            (std::vector<TextRange>{{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 6)}}));
  EXPECT_LE(m.snippet.size(), kSnippetUnits + 8);
  EXPECT_EQ(m.snippet.rfind("\u2026", 0), 0U);  // starts with an ellipsis
  EXPECT_EQ(m.snippet.substr(3, 1), "w");       // then a whole word
  ASSERT_EQ(m.snippet_highlights.size(), 1U);
  const auto h = m.snippet_highlights[0];
  // Offsets in the snippet (UTF-16; the ellipsis is one unit, three bytes, all else ASCII).
  EXPECT_EQ(m.snippet.substr(h.start + 2, h.end - h.start), "needle");
}

TEST(SearchMatch, NeverCutsASurrogatePair) {
  std::string text;
  for (int i = 0; i < 150; ++i) text += "🎉";
  text += "needle";
  const auto m = match_text(text, terms({"needle"}));
  // Every code point kept whole: the snippet is valid UTF-8 of emoji, the needle and ellipses.
  std::string rest = m.snippet;
  for (const std::string_view piece : {"\u2026", "🎉", "needle"}) {
    std::string out;
    for (std::size_t p = rest.find(piece); p != std::string::npos; p = rest.find(piece)) rest.erase(p, piece.size());
  }
  EXPECT_EQ(rest, "");
}

}  // namespace
}  // namespace parley::chat
