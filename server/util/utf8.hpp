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

}  // namespace parley::util
