// UTF-8 validation for untrusted text (packet payloads, message content). Pure functions,
// safe from any thread.
#pragma once

#include <string_view>

namespace parley::util {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text) noexcept;

// The number of code points in valid UTF-8 `text` (what length limits count).
std::size_t utf8_length(std::string_view text) noexcept;

// The first `max_chars` code points of valid UTF-8 `text` (all of it when shorter).
std::string_view utf8_prefix(std::string_view text, std::size_t max_chars) noexcept;

}  // namespace parley::util
