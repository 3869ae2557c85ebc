// Search keys for case- and form-insensitive matching of names and emails: the Unicode
// NFKC_Casefold of a text (ICU), so that "ÉLODIE", "élodie" and "e\u0301lodie" fold alike, as do
// "STRASSE" and "straße". The stores keep the key beside the text and compare keys bytewise.
// Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace parley::util {

// The folded form of UTF-8 `text`; ill-formed sequences become U+FFFD first.
std::string search_fold(std::string_view text);

// Whether well-formed UTF-8 `text` is one word: not empty, every code point a letter or a digit
// of any script, '_' or '-' (a template's shortcut).
bool is_word(std::string_view text);

}  // namespace parley::util
