#include "chat/search/search_query.hpp"

#include "util/search_text.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>

namespace parley::chat {
namespace {

constexpr std::array<std::string_view, 6> kOperators = {"from", "in", "after", "before", "has", "is"};

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Reads a query left to right; positions are kept in bytes and told in UTF-16 units.
class Parser {
 public:
  explicit Parser(std::string_view q) : q_(q) {}

  Result<SearchQuery> parse() {
    if (q_.size() > kMaxQueryBytes) {
      return invalid(kMaxQueryBytes, "A search is at most " + std::to_string(kMaxQueryBytes) + " bytes long");
    }
    if (!util::is_valid_utf8(q_)) return invalid(0, "A search must be UTF-8 text");
    while (true) {
      skip_space();
      if (at_ >= q_.size()) break;
      if (auto r = item(); !r) return util::fail(r.error());
      if (out_.include.size() + out_.exclude.size() + out_.from.size() + out_.in.size() > kMaxQueryTerms) {
        return invalid(at_, "A search has at most " + std::to_string(kMaxQueryTerms) + " words and operators");
      }
    }
    return std::move(out_);
  }

 private:
  util::Failure<Error> invalid(std::size_t byte, std::string message) const {
    return util::fail(Error{Errc::kInvalidQuery, std::move(message),
                            static_cast<std::int64_t>(util::utf16_length(q_.substr(0, std::min(byte, q_.size()))))});
  }

  // Spaces: ASCII white space and the ideographic space U+3000.
  std::size_t space_at(std::size_t i) const {
    if (i >= q_.size()) return 0;
    const char c = q_[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (q_.substr(i, 3) == "\xE3\x80\x80") return 3;
    return 0;
  }
  void skip_space() {
    while (std::size_t n = space_at(at_)) at_ += n;
  }
  std::size_t word_end(std::size_t from) const {
    std::size_t i = from;
    while (i < q_.size() && space_at(i) == 0) ++i;
    return i;
  }

  // A quoted text starting at q_[at_] == '"'; at_ moves past the closing quote.
  Result<std::string> quoted() {
    const std::size_t open = at_;
    const auto close = q_.find('"', open + 1);
    if (close == std::string_view::npos) return invalid(open, "This quote is not closed");
    at_ = close + 1;
    return std::string(q_.substr(open + 1, close - open - 1));
  }

  Result<void> item() {
    const std::size_t start = at_;
    bool negated = false;
    if (q_[at_] == '-' && at_ + 1 < q_.size() && space_at(at_ + 1) == 0) {
      negated = true;
      ++at_;
    }
    if (q_[at_] == '"') {
      auto text = quoted();
      if (!text) return util::fail(text.error());
      return term(*text, true, negated, start);
    }
    const std::size_t end = word_end(at_);
    const std::string_view word = q_.substr(at_, end - at_);
    const auto colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < word.size() &&
        std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(colon), ascii_letter) &&
        word.substr(colon + 1, 2) != "//") {
      const std::string key = ascii_lower(word.substr(0, colon));
      if (std::find(kOperators.begin(), kOperators.end(), key) == kOperators.end()) {
        return invalid(at_, "Unknown operator " + key +
                                ": (use from:, in:, after:, before:, has: or is:, or put the text in quotes)");
      }
      if (negated) return invalid(start, "An operator cannot be left out with -");
      at_ += colon + 1;
      return op(key);
    }
    if (colon != std::string_view::npos && colon + 1 == word.size() && colon > 0 &&
        std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(colon), ascii_letter)) {
      const std::string key = ascii_lower(word.substr(0, colon));
      if (std::find(kOperators.begin(), kOperators.end(), key) != kOperators.end()) {
        return invalid(end, key + ": needs a value");
      }
    }
    at_ = end;
    return term(std::string(word), false, negated, start);
  }

  Result<void> term(const std::string& typed, bool exact, bool negated, std::size_t start) {
    auto pattern = search_pattern(typed, exact);
    if (pattern.empty()) {
      if (exact) return invalid(start, "This phrase has no letters, digits or emoji to search for");
      return {};  // punctuation alone: nothing to find
    }
    (negated ? out_.exclude : out_.include).push_back(SearchTerm{typed, std::move(pattern)});
    return {};
  }

  Result<void> op(const std::string& key) {
    const std::size_t value_at = at_;
    std::string value;
    if (q_[at_] == '"') {
      auto text = quoted();
      if (!text) return util::fail(text.error());
      value = std::move(*text);
    } else {
      const std::size_t end = word_end(at_);
      value = std::string(q_.substr(at_, end - at_));
      at_ = end;
    }
    if (value.empty()) return invalid(value_at, key + ": needs a value");
    const QueryValue v{value, static_cast<std::int64_t>(util::utf16_length(q_.substr(0, value_at)))};
    if (key == "from") {
      out_.from.push_back(v);
    } else if (key == "in") {
      out_.in.push_back(v);
    } else if (key == "after" || key == "before") {
      const auto day = day_of(value);
      if (!day) return invalid(value_at, key + ": takes a date as YYYY-MM-DD");
      (key == "after" ? out_.after_day : out_.before_day) = *day;
    } else if (key == "has") {
      const auto what = ascii_lower(value);
      if (what == "link") {
        out_.has_link = true;
      } else if (what == "file") {
        out_.has_file = true;
      } else {
        return invalid(value_at, "has: takes link or file");
      }
    } else {  // is
      if (ascii_lower(value) != "pinned") return invalid(value_at, "is: takes pinned");
      out_.pinned = true;
    }
    return {};
  }

  std::string_view q_;
  std::size_t at_ = 0;
  SearchQuery out_;
};

}  // namespace

std::string search_pattern(std::string_view typed, bool exact) {
  const std::string form = util::search_text(typed);  // " w1 w2 "
  if (form.size() <= 1) return {};
  const std::string_view inner = std::string_view(form).substr(1, form.size() - 2);
  const bool one_word = inner.find(' ') == std::string_view::npos;
  if (!exact && one_word && util::code_points(inner) >= 3) return std::string(inner);
  return form;
}

std::optional<std::int64_t> day_of(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  const auto number = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (date[i] < '0' || date[i] > '9') return std::nullopt;
      v = v * 10 + (date[i] - '0');
    }
    return v;
  };
  const auto y = number(0, 4);
  const auto m = number(5, 2);
  const auto d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

Result<SearchQuery> parse_search_query(std::string_view q) { return Parser(q).parse(); }

}  // namespace parley::chat
