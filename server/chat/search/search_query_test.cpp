#include "chat/search/search_query.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

SearchQuery parsed(std::string_view q) {
  auto r = parse_search_query(q);
  EXPECT_TRUE(r.ok()) << q << ": " << (r ? "" : r.error().message);
  return r ? *r : SearchQuery{};
}

Error refused(std::string_view q) {
  auto r = parse_search_query(q);
  EXPECT_FALSE(r.ok()) << q;
  if (r) return Error{};
  EXPECT_EQ(r.error().code, Errc::kInvalidQuery);
  return r.error();
}

std::vector<std::string> patterns(const std::vector<SearchTerm>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(t.pattern);
  return out;
}

TEST(SearchQuery, WordsOfThreeCharactersOrMoreMatchInsideWordsShorterOnesWhole) {
  const auto q = parsed("Deploy go PROD");
  EXPECT_EQ(patterns(q.include), (std::vector<std::string>{"deploy", " go ", "prod"}));
  EXPECT_TRUE(q.exclude.empty());
  EXPECT_EQ(q.include[0].typed, "Deploy");
}

TEST(SearchQuery, PhrasesAndQuotedWordsMatchWholeWords) {
  const auto q = parsed(R"("Deploy to prod" "deploy")");
  EXPECT_EQ(patterns(q.include), (std::vector<std::string>{" deploy to prod ", " deploy "}));
}

TEST(SearchQuery, UnspacedScriptsAndEmojiBecomeSpacedRuns) {
  EXPECT_EQ(patterns(parsed("東京 会議").include), (std::vector<std::string>{" 東 京 ", " 会 議 "}));
  EXPECT_EQ(patterns(parsed("東").include), (std::vector<std::string>{" 東 "}));
  EXPECT_EQ(patterns(parsed("🎉").include), (std::vector<std::string>{" 🎉 "}));
}

TEST(SearchQuery, FoldsCaseAndAccentsOfWords) {
  EXPECT_EQ(patterns(parsed("CAFÉ Straße Ёлка").include), (std::vector<std::string>{"cafe", "strasse", "елка"}));
}

TEST(SearchQuery, ExcludesWordsAndPhrases) {
  const auto q = parsed(R"(deploy -staging -"old box" -)");
  EXPECT_EQ(patterns(q.include), (std::vector<std::string>{"deploy"}));
  EXPECT_EQ(patterns(q.exclude), (std::vector<std::string>{"staging", " old box "}));
}

TEST(SearchQuery, ReadsOperators) {
  const auto q =
      parsed(R"(from:ann FROM:"Ann Lee" in:general after:2026-01-31 before:2026-03-01 has:link has:FILE is:pinned)");
  ASSERT_EQ(q.from.size(), 2U);
  EXPECT_EQ(q.from[0].value, "ann");
  EXPECT_EQ(q.from[0].position, 5);
  EXPECT_EQ(q.from[1].value, "Ann Lee");
  ASSERT_EQ(q.in.size(), 1U);
  EXPECT_EQ(q.in[0].value, "general");
  EXPECT_EQ(q.after_day, day_of("2026-01-31"));
  EXPECT_EQ(q.before_day, day_of("2026-03-01"));
  EXPECT_TRUE(q.has_link);
  EXPECT_TRUE(q.has_file);
  EXPECT_TRUE(q.pinned);
  EXPECT_TRUE(q.include.empty());
  EXPECT_FALSE(q.empty());
}

TEST(SearchQuery, TextWithColonsThatIsNoOperatorIsText) {
  EXPECT_EQ(patterns(parsed("https://example.com/x 12:30").include),
            (std::vector<std::string>{" https example com x ", " 12 30 "}));
}

TEST(SearchQuery, PunctuationAloneFindsNothingAndIsLeftOut) {
  const auto q = parsed("?! ... deploy");
  EXPECT_EQ(patterns(q.include), (std::vector<std::string>{"deploy"}));
  EXPECT_TRUE(parsed("   ").empty());
}

TEST(SearchQuery, RefusesWhatItCannotReadWithThePosition) {
  EXPECT_EQ(refused(R"(deploy "to prod)").position, 7);
  EXPECT_EQ(refused("deploy foo:bar").position, 7);
  EXPECT_EQ(refused("after:2026-02-30").position, 6);
  EXPECT_EQ(refused("before:yesterday").position, 7);
  EXPECT_EQ(refused("has:pictures").position, 4);
  EXPECT_EQ(refused("is:starred").position, 3);
  EXPECT_EQ(refused("deploy from:").position, 12);
  EXPECT_EQ(refused("-from:ann").position, 0);
  EXPECT_EQ(refused(R"(x "?!")").position, 2);
  // Positions count UTF-16 units: "東京 " is 3 units before the bad operator.
  EXPECT_EQ(refused("東京 is:x").position, 6);
  EXPECT_EQ(refused("🎉 \"open").position, 3);
}

TEST(SearchQuery, RefusesTextThatIsNotUtf8) {
  EXPECT_EQ(refused(std::string_view("ab\xff"
                                     "cd",
                                     5))
                .code,
            Errc::kInvalidQuery);
}

TEST(SearchQuery, RefusesQueriesTooLongOrWithTooManyTerms) {
  EXPECT_EQ(refused(std::string(kMaxQueryBytes + 1, 'a')).code, Errc::kInvalidQuery);
  std::string many;
  for (std::size_t i = 0; i <= kMaxQueryTerms; ++i) many += "word" + std::to_string(i) + " ";
  EXPECT_EQ(refused(many).code, Errc::kInvalidQuery);
}

TEST(SearchQuery, ReadsDates) {
  EXPECT_EQ(day_of("1970-01-01"), 0);
  EXPECT_EQ(day_of("1970-01-02"), 1);
  EXPECT_EQ(day_of("2024-02-29").has_value(), true);
  EXPECT_FALSE(day_of("2023-02-29"));
  EXPECT_FALSE(day_of("2023-2-1"));
  EXPECT_FALSE(day_of("2023-13-01"));
}

}  // namespace
}  // namespace parley::chat
