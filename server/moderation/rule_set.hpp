// Auto-moderation rules of one scope (the server, or a group), compiled once and matched against
// each message sent or edited. Kinds:
//   - words: words and phrases, matched as whole words on the text's search form (case, accents
//     and compatibility forms folded, so "SPAM", "spám" and "ſpam" match "spam"), with runs of
//     single letters joined ("s p a m", "s.p.a.m" match "spam");
//   - regex: RE2 patterns (linear time; each compiled within a memory bound; all of a scope in
//     one RE2::Set), on the text as written;
//   - links: any link, or links to listed domains (a domain covers its subdomains), or links to
//     any domain but the listed ones;
//   - mentions: more than `max_mentions` people mentioned.
// What a match does (reject, hold, flag, mute) is the domain's. Safe to match from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::moderation {

enum class RuleKind { kWords, kRegex, kLinks, kMentions };
enum class LinkMode { kAny, kDeny, kAllow };  // any link; the listed domains; all but the listed

struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kWords;
  std::vector<std::string> words;  // kWords: words and phrases
  std::string pattern;             // kRegex
  LinkMode link_mode = LinkMode::kAny;
  std::vector<std::string> domains;  // kLinks with kDeny or kAllow
  std::size_t max_mentions = 0;      // kMentions
};

// What a rule set refuses to compile: the rule and why.
struct RuleError {
  std::string rule_id;
  std::string message;
};

inline constexpr std::size_t kMaxPatternBytes = 1000;
inline constexpr std::int64_t kMaxRegexMemory = 1 << 20;  // per pattern, and 8 times that per set

// The domains of the links in `text` (http://, https:// and www. links), lower-cased, in order.
std::vector<std::string> link_domains(std::string_view text);
// The words of `text` as the word rules see them.
std::vector<std::string> rule_words(std::string_view text);

class RuleSet {
 public:
  // nullopt and `error` set when a rule cannot be used (an invalid or too large pattern, a
  // words rule without words, ...).
  static std::optional<RuleSet> compile(const std::vector<Rule>& rules, RuleError* error);
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  // The ids of the rules `text` (with `mentions` people mentioned) matches, in the rules' order.
  std::vector<std::string> match(std::string_view text, std::size_t mentions = 0) const;
  bool empty() const;

 private:
  struct Impl;
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::moderation
