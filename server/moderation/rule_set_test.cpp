// Auto-moderation rules: words through the usual disguises (case, accents, compatibility forms,
// spaced and dotted letters) but not inside other words; RE2 patterns and their limits; links
// by domain (subdomains, www., user@host); mention counts; what a rule set refuses to compile.
#include "moderation/rule_set.hpp"

#include <gtest/gtest.h>

namespace parley::moderation {
namespace {

Rule words(std::string id, std::vector<std::string> list) {
  Rule r;
  r.id = std::move(id);
  r.kind = RuleKind::kWords;
  r.words = std::move(list);
  return r;
}

Rule regex(std::string id, std::string pattern) {
  Rule r;
  r.id = std::move(id);
  r.kind = RuleKind::kRegex;
  r.pattern = std::move(pattern);
  return r;
}

Rule links(std::string id, LinkMode mode, std::vector<std::string> domains = {}) {
  Rule r;
  r.id = std::move(id);
  r.kind = RuleKind::kLinks;
  r.link_mode = mode;
  r.domains = std::move(domains);
  return r;
}

RuleSet compiled(const std::vector<Rule>& rules) {
  RuleError e;
  auto set = RuleSet::compile(rules, &e);
  EXPECT_TRUE(set) << e.rule_id << ": " << e.message;
  return std::move(*set);
}

using Ids = std::vector<std::string>;

TEST(RuleSet, WordsAreFoundThroughDisguisesButNotInsideOtherWords) {
  const auto set = compiled({words("spam", {"spam", "buy now"}), words("cjk", {"東京"})});
  for (const char* text : {"spam", "SPAM!", "spám", "ſpam", "ＳＰＡＭ", "s p a m", "s.p.a.m", "S-P-A-M here",
                           "please Buy   NOW", "buy now!"}) {
    EXPECT_EQ(set.match(text), Ids{"spam"}) << text;
  }
  for (const char* text : {"spammer", "antispam", "buying now", "now buy", "", "   "}) {
    EXPECT_EQ(set.match(text), Ids{}) << text;
  }
  EXPECT_EQ(set.match("明日は東京で"), Ids{"cjk"});
  EXPECT_EQ(set.match("spam in 東京"), (Ids{"spam", "cjk"})) << "in the rules' order";
}

TEST(RuleSet, PatternsAreRe2WithinTheirLimits) {
  const auto set =
      compiled({regex("card", R"(\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b)"), regex("shout", "^[A-Z !]{12,}$")});
  EXPECT_EQ(set.match("my card 4111 1111 1111 1111 ok"), Ids{"card"});
  EXPECT_EQ(set.match("HELLO EVERYONE!!"), Ids{"shout"});
  EXPECT_EQ(set.match("Hello everyone"), Ids{});
  // A pattern that backtracking engines take exponential time on: linear here.
  const auto evil = compiled({regex("evil", "(a+)+$")});
  EXPECT_EQ(evil.match(std::string(100000, 'a') + "b"), Ids{});

  RuleError e;
  EXPECT_FALSE(RuleSet::compile({regex("bad", "a(b")}, &e));
  EXPECT_EQ(e.rule_id, "bad");
  EXPECT_NE(e.message.find("not a valid pattern"), std::string::npos);
  EXPECT_FALSE(RuleSet::compile({regex("backref", R"((a)\1)")}, &e)) << "RE2 has no back-references";
  EXPECT_FALSE(RuleSet::compile({regex("long", std::string(kMaxPatternBytes + 1, 'a'))}, &e));
  EXPECT_FALSE(RuleSet::compile({regex("huge", "(((a{100}){100}){100})")}, &e)) << "over its memory";
  EXPECT_FALSE(RuleSet::compile({words("empty", {"!!", " "})}, &e));
  EXPECT_EQ(e.rule_id, "empty");
}

TEST(RuleSet, LinksByDomain) {
  EXPECT_EQ(link_domains("see https://Docs.Example.com/a?b and www.test.org, http://u:p@evil.net:8080/x"),
            (std::vector<std::string>{"docs.example.com", "test.org", "evil.net"}));
  EXPECT_TRUE(link_domains("no links here, just example.com written").empty()) << "not a link without a scheme";
  const auto set = compiled({links("any", LinkMode::kAny), links("deny", LinkMode::kDeny, {"evil.net", "Bad.COM"}),
                             links("allow", LinkMode::kAllow, {"example.com"})});
  EXPECT_EQ(set.match("plain text"), Ids{});
  EXPECT_EQ(set.match("https://docs.example.com/x"), Ids{"any"}) << "a subdomain of an allowed one";
  EXPECT_EQ(set.match("https://www.example.com"), Ids{"any"});
  EXPECT_EQ(set.match("https://notexample.com"), (Ids{"any", "allow"})) << "not a subdomain";
  EXPECT_EQ(set.match("go to http://cdn.bad.com/x"), (Ids{"any", "deny", "allow"}));
  RuleError e;
  EXPECT_FALSE(RuleSet::compile({links("none", LinkMode::kDeny)}, &e));
}

TEST(RuleSet, MentionsOverALimit) {
  Rule r;
  r.id = "mentions";
  r.kind = RuleKind::kMentions;
  r.max_mentions = 5;
  const auto set = compiled({r});
  EXPECT_EQ(set.match("hi", 5), Ids{});
  EXPECT_EQ(set.match("hi", 6), Ids{"mentions"});
}

TEST(RuleSet, AThousandWordsAndAHundredPatternsInOneScope) {
  std::vector<Rule> rules;
  for (int i = 0; i < 1000; ++i) rules.push_back(words("w" + std::to_string(i), {"badword" + std::to_string(i)}));
  for (int i = 0; i < 100; ++i) rules.push_back(regex("r" + std::to_string(i), "(?i)promo" + std::to_string(i) + "x"));
  const auto set = compiled(rules);
  EXPECT_EQ(set.match("B A D W O R D 7 and PROMO42X"), (Ids{"w7", "r42"}));
  EXPECT_EQ(set.match("badword1000 promo100x"), Ids{});
}

}  // namespace
}  // namespace parley::moderation
