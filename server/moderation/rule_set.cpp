#include "moderation/rule_set.hpp"

#include "util/search_text.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace parley::moderation {

namespace {

// A word of one letter of an alphabet written with spaces (Latin, Greek, Cyrillic, ...: one or
// two bytes of UTF-8). The search form makes each character of a script written without spaces
// (Han, Kana, Thai, ...: three bytes and more) a word of its own: those are not joined.
bool single_letter(std::string_view word) {
  if (word.empty()) return false;
  const auto lead = static_cast<unsigned char>(word[0]);
  return (lead < 0x80 && word.size() == 1) || (lead >= 0xC0 && lead < 0xE0 && word.size() == 2);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool covers(std::string_view domain, std::string_view host) {
  return host == domain ||
         (host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.');
}

std::string normal_domain(std::string_view d) {
  std::string out;
  for (char c : d) out += lower(c);
  while (!out.empty() && out.back() == '.') out.pop_back();
  if (out.starts_with("www.")) out.erase(0, 4);
  return out;
}

}  // namespace

std::vector<std::string> link_domains(std::string_view text) {
  std::vector<std::string> out;
  // Most messages hold no link: one pass for "://" and the w's that could start "www.".
  bool maybe = text.find("://") != std::string_view::npos;
  for (auto w = text.find_first_of("wW"); !maybe && w != std::string_view::npos; w = text.find_first_of("wW", w + 1)) {
    maybe = starts_with_nocase(text.substr(w), "www.");
  }
  if (!maybe) return out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = std::string_view::npos;
    const bool boundary = i == 0 || !host_char(text[i - 1]);
    if (starts_with_nocase(text.substr(i), "https://")) {
      start = i + 8;
    } else if (starts_with_nocase(text.substr(i), "http://")) {
      start = i + 7;
    } else if (boundary && starts_with_nocase(text.substr(i), "www.")) {
      start = i;
    }
    if (start == std::string_view::npos) {
      ++i;
      continue;
    }
    std::size_t end = start;
    // user:password@ is not the host.
    std::size_t at = start;
    while (at < text.size() && text[at] != '/' && text[at] != ' ' && text[at] != '@') ++at;
    if (at < text.size() && text[at] == '@') start = at + 1;
    end = start;
    while (end < text.size() && host_char(text[end])) ++end;
    auto host = normal_domain(text.substr(start, end - start));
    if (host.find('.') != std::string::npos) out.push_back(std::move(host));
    i = std::max(end, i + 1);
  }
  return out;
}

std::vector<std::string> rule_words(std::string_view text) {
  const auto form = util::search_text(text);
  std::vector<std::string> words;
  std::string_view rest = form;
  std::string run;  // single characters side by side: "s p a m" is "spam"
  std::size_t run_length = 0;
  const auto end_run = [&] {
    if (run_length > 0) words.push_back(std::move(run));
    run.clear();
    run_length = 0;
  };
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const auto word = rest.substr(0, space);
    if (single_letter(word)) {
      run += word;
      ++run_length;
    } else if (!word.empty()) {
      end_run();
      words.emplace_back(word);
    }
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  end_run();
  return words;
}

struct RuleSet::Impl {
  std::vector<std::string> ids;  // by rule index
  // Word rules: phrases (their words) by their first word.
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::vector<std::string>>>> phrases;
  std::unique_ptr<re2::RE2::Set> regexes;
  std::vector<std::size_t> regex_rule;                      // set index -> rule index
  std::vector<std::pair<std::size_t, const Rule*>> others;  // links and mentions, by rule index
  std::vector<Rule> kept;                                   // what `others` point into
};

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

bool RuleSet::empty() const { return impl_->ids.empty(); }

std::optional<RuleSet> RuleSet::compile(const std::vector<Rule>& rules, RuleError* error) {
  auto impl = std::make_unique<Impl>();
  const auto fail = [&](const Rule& r, std::string message) -> std::optional<RuleSet> {
    if (error != nullptr) *error = RuleError{r.id, std::move(message)};
    return std::nullopt;
  };
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kMaxRegexMemory);
  re2::RE2::Options set_options = options;
  set_options.set_max_mem(kMaxRegexMemory * 8);
  impl->regexes = std::make_unique<re2::RE2::Set>(set_options, re2::RE2::UNANCHORED);
  impl->kept.reserve(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    impl->ids.push_back(r.id);
    switch (r.kind) {
      case RuleKind::kWords: {
        std::size_t kept = 0;
        for (const auto& phrase : r.words) {
          auto words = rule_words(phrase);
          if (words.empty()) continue;
          auto first = words.front();
          impl->phrases[first].emplace_back(i, std::move(words));
          ++kept;
        }
        if (kept == 0) return fail(r, "a word rule needs at least one word with a letter or a digit");
        break;
      }
      case RuleKind::kRegex: {
        if (r.pattern.empty() || r.pattern.size() > kMaxPatternBytes) {
          return fail(r, "a pattern has 1 to " + std::to_string(kMaxPatternBytes) + " bytes");
        }
        const re2::RE2 alone(r.pattern, options);
        if (!alone.ok()) return fail(r, "not a valid pattern: " + alone.error());
        std::string why;
        if (impl->regexes->Add(r.pattern, &why) < 0) return fail(r, "not a valid pattern: " + why);
        impl->regex_rule.push_back(i);
        break;
      }
      case RuleKind::kLinks:
      case RuleKind::kMentions: {
        Rule copy = r;
        for (auto& d : copy.domains) d = normal_domain(d);
        if (r.kind == RuleKind::kLinks && r.link_mode != LinkMode::kAny && copy.domains.empty()) {
          return fail(r, "a link rule for some domains needs domains");
        }
        impl->kept.push_back(std::move(copy));
        impl->others.emplace_back(i, &impl->kept.back());
        break;
      }
    }
  }
  if (!impl->regex_rule.empty() && !impl->regexes->Compile()) {
    if (error != nullptr) *error = RuleError{"", "the patterns together need too much memory"};
    return std::nullopt;
  }
  return RuleSet(std::move(impl));
}

std::vector<std::string> RuleSet::match(std::string_view text, std::size_t mentions) const {
  const auto& m = *impl_;
  std::vector<bool> hit(m.ids.size(), false);
  if (!m.phrases.empty()) {
    const auto words = rule_words(text);
    for (std::size_t i = 0; i < words.size(); ++i) {
      const auto it = m.phrases.find(words[i]);
      if (it == m.phrases.end()) continue;
      for (const auto& [rule, phrase] : it->second) {
        if (hit[rule] || i + phrase.size() > words.size()) continue;
        hit[rule] = std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  if (!m.regex_rule.empty()) {
    std::vector<int> found;
    if (m.regexes->Match(re2::StringPiece(text.data(), text.size()), &found)) {
      for (int k : found) hit[m.regex_rule[static_cast<std::size_t>(k)]] = true;
    }
  }
  std::optional<std::vector<std::string>> domains;
  for (const auto& [index, rule] : m.others) {
    if (rule->kind == RuleKind::kMentions) {
      hit[index] = mentions > rule->max_mentions;
      continue;
    }
    if (!domains) domains = link_domains(text);
    for (const auto& host : *domains) {
      const bool listed = std::any_of(rule->domains.begin(), rule->domains.end(),
                                      [&](const std::string& d) { return covers(d, host); });
      if (rule->link_mode == LinkMode::kAny || (rule->link_mode == LinkMode::kDeny && listed) ||
          (rule->link_mode == LinkMode::kAllow && !listed)) {
        hit[index] = true;
        break;
      }
    }
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < hit.size(); ++i) {
    if (hit[i]) out.push_back(m.ids[i]);
  }
  return out;
}

}  // namespace parley::moderation
