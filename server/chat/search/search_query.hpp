// The search query language, read once into a typed query:
//
//   deploy prod          words, every one must match; three characters or more also match
//                        inside longer words ("deploy" finds "redeployed"), shorter ones as
//                        whole words
//   "deploy to prod"     an exact phrase (whole words, in this order); a quoted single word
//                        matches only as a whole word
//   -staging -"old box"  leaves out messages with the word or phrase
//   from:ann from:ann@example.com from:"Ann Lee"   the sender (name, email or user id)
//   in:general in:"Team chat"                      the chat (group title, person or chat id)
//   after:2026-01-31 before:2026-03-01             the day the message was sent (after: from
//                                                  the start of that day, before: until the start of that day)
//   has:link has:file is:pinned
//
// Matching is case- and accent-insensitive and finds text in scripts without spaces (Chinese,
// Japanese, Thai) by substrings: every word becomes a pattern on the search form of messages
// (util/search_text.hpp). A query that cannot be read is an Errc::kInvalidQuery error whose
// position is the UTF-16 offset of the problem in the query.
#pragma once

#include "chat/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct SearchTerm {
  std::string typed;    // as written (for messages)
  std::string pattern;  // a substring of the search form; at least three characters
  bool operator==(const SearchTerm&) const = default;
};

// An operator's value with where it was written (for errors found when resolving it).
struct QueryValue {
  std::string value;
  std::int64_t position = 0;  // UTF-16 offset in the query
  bool operator==(const QueryValue&) const = default;
};

struct SearchQuery {
  std::vector<SearchTerm> include;
  std::vector<SearchTerm> exclude;
  std::vector<QueryValue> from;
  std::vector<QueryValue> in;
  std::optional<std::int64_t> after_day;   // days since 1970-01-01: sent on that day or later
  std::optional<std::int64_t> before_day;  // sent before that day
  bool has_link = false;
  bool has_file = false;
  bool pinned = false;

  // Nothing that narrows the search: no word, operator or filter.
  bool empty() const {
    return include.empty() && from.empty() && in.empty() && !after_day && !before_day && !has_link && !has_file &&
           !pinned;
  }
};

inline constexpr std::size_t kMaxQueryBytes = 1000;
inline constexpr std::size_t kMaxQueryTerms = 16;

Result<SearchQuery> parse_search_query(std::string_view q);

// The search pattern of a word or phrase as typed (empty when it has no letter, digit or
// emoji): a single word of three characters or more is matched inside words, anything else
// as whole words; `exact` (quoted) always as whole words.
std::string search_pattern(std::string_view typed, bool exact);

// Days since 1970-01-01 of a YYYY-MM-DD date, or nothing when it is not a valid date.
std::optional<std::int64_t> day_of(std::string_view date);

}  // namespace parley::chat
