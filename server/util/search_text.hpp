// The search form of a message's text, which the stores index and search queries are matched
// against as plain substrings, so that both stores find exactly the same messages:
//
//   - every grapheme is folded with Unicode NFKC_Casefold (ICU) and stripped of Latin, Greek and
//     Cyrillic accents (combining marks U+0300..U+036F after NFD) and of emoji skin tones, so
//     "ÉLODIE", "elodie" and "e\u0301lodie" read alike, as do "STRASSE" and "straße";
//   - words (runs of letters and digits) are kept, separated by one space; punctuation and
//     other symbols are separators;
//   - a character of a script written without spaces (Han, Hiragana, Katakana, Thai, Lao,
//     Khmer, Myanmar, ...) and an emoji are each a word of their own, so that any run of them
//     is found by the same spaced form ("東京" is " 東 京 ");
//   - the whole has one space before and after: " hello world ".
//
// A word of three characters or more is then found inside longer words by the plain substring
// ("deploy" in " redeployed "), a shorter one as a whole word (" go "), and a phrase or a run
// of CJK characters by its spaced form. Every pattern is at least three characters long, which
// is what trigram indexes (SQLite FTS5 trigram, PostgreSQL pg_trgm) need.
//
// Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::util {

// The search form of UTF-8 `text`; ill-formed sequences become U+FFFD first.
std::string search_text(std::string_view text);

// The search form with, for each of its bytes, the range of the original text that byte came
// from, in UTF-16 code units (JavaScript string indices): where matches are highlighted.
struct SearchTextMap {
  std::string text;
  std::vector<std::uint32_t> from;  // per byte of text: start of the grapheme it came from
  std::vector<std::uint32_t> to;    // per byte of text: its end (spaces: both 0)
};
SearchTextMap search_text_map(std::string_view text);

// The distinct words of the search form of `text`, in order: what a name is found by.
std::vector<std::string> search_words(std::string_view text);

// Whether `text` holds a web link (http://, https:// or www.), for has:link.
bool has_link(std::string_view text);

// The number of code points of UTF-8 `text`.
std::size_t code_points(std::string_view text);

// The UTF-16 length of UTF-8 `text` (its JavaScript length).
std::size_t utf16_length(std::string_view text);

}  // namespace parley::util
