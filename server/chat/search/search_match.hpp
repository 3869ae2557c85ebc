// What a search shows of a message it found: where the words matched (highlights), a snippet
// around the first match, and the score that ranks it. Pure functions on the message's text
// and the query's patterns (chat/search/search_query.hpp), safe from any thread.
#pragma once

#include "chat/search/search_query.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// A range of a text in UTF-16 code units (JavaScript string indices): [start, end).
struct TextRange {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool operator==(const TextRange&) const = default;
};

struct SearchMatch {
  std::vector<TextRange> highlights;  // in order, not overlapping
  std::string snippet;                // about kSnippetUnits around the first match ("…" where cut)
  std::vector<TextRange> snippet_highlights;
  double score = 0;  // higher first: whole-word matches over partial ones, shorter texts over longer
};

inline constexpr std::uint32_t kSnippetUnits = 200;

SearchMatch match_text(std::string_view content, const std::vector<SearchTerm>& terms);

}  // namespace parley::chat
