// Micro-benchmark of auto-moderation: a scope with 1,000 word rules (single words and two-word
// phrases) and 100 regular expressions, matched against a chat message of 100 characters that
// none of them matches (every rule is tried) and one that some match.
#include "moderation/rule_set.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
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

// The tail: each of 20,000 different messages (10 to 400 characters, some matching) timed on
// its own; the counters are the 50th, 99th and 99.9th percentiles in microseconds.
void BM_ModerationPerMessageTail(benchmark::State& state) {
  const auto set = big_scope();
  std::vector<std::string> texts;
  const std::vector<std::string> words{
      "hello",   "team",      "release",           "plan",       "Friday", "call", "https://docs.example.com/x",
      "s p a m", "badword12", "forbidden3 phrase", "PROMO7ab99", "Grüße",  "東京", "ok",
      "@ann",    "thanks!",   "www.spam.example/y"};
  for (std::size_t i = 0; i < 20000; ++i) {
    std::string t;
    const std::size_t n = 2 + (i * 7919) % 60;
    for (std::size_t k = 0; k < n; ++k) t += words[(i * 31 + k * 17) % words.size()] + " ";
    texts.push_back(std::move(t));
  }
  std::vector<double> micros;
  micros.reserve(texts.size());
  for (auto _ : state) {
    micros.clear();
    for (const auto& t : texts) {
      const auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(set.match(t, 1));
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  const auto at = [&](double q) {
    return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["p999_us"] = at(0.999);
}
BENCHMARK(BM_ModerationPerMessageTail)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace
