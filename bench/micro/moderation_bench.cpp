// Micro-benchmark of auto-moderation: a scope with 1,000 word rules (single words and two-word
// phrases) and 100 regular expressions, matched against a chat message of 100 characters that
// none of them matches (every rule is tried) and one that some match.
#include "moderation/rule_set.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using namespace parley::moderation;

RuleSet big_scope() {
  std::vector<Rule> rules;
  for (int i = 0; i < 1000; ++i) {
    Rule r;
    r.id = "w" + std::to_string(i);
    r.kind = RuleKind::kWords;
    r.words = {i % 3 == 0 ? "forbidden" + std::to_string(i) + " phrase" : "badword" + std::to_string(i)};
    rules.push_back(std::move(r));
  }
  for (int i = 0; i < 100; ++i) {
    Rule r;
    r.id = "r" + std::to_string(i);
    r.kind = RuleKind::kRegex;
    r.pattern = "(?i)\\bpromo" + std::to_string(i) + "[a-z]{2,8}\\d+\\b";
    rules.push_back(std::move(r));
  }
  Rule links;
  links.id = "links";
  links.kind = RuleKind::kLinks;
  links.link_mode = LinkMode::kDeny;
  links.domains = {"spam.example", "scam.example"};
  rules.push_back(std::move(links));
  RuleError e;
  return std::move(*RuleSet::compile(rules, &e));
}

void BM_ModerationClean(benchmark::State& state) {
  const auto set = big_scope();
  const std::string text = "Hi team, the release plan is ready: see https://docs.example.com/plan before Friday's call";
  for (auto _ : state) benchmark::DoNotOptimize(set.match(text, 1));
}
BENCHMARK(BM_ModerationClean);

void BM_ModerationHits(benchmark::State& state) {
  const auto set = big_scope();
  const std::string text = "B A D W O R D 7 and forbidden3 phrase, get PROMO42abc123 at http://spam.example/x";
  for (auto _ : state) benchmark::DoNotOptimize(set.match(text, 0));
}
BENCHMARK(BM_ModerationHits);

}  // namespace
