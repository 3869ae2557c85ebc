// Emoji as a reaction names them: exactly one emoji in the sense of Unicode's RGI set (a
// single emoji with emoji presentation, a keycap, a flag, a skin-tone modifier sequence or a
// ZWJ sequence), checked with ICU's emoji properties rather than a table of our own. Pure;
// safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley::util {

// `text` as one emoji, or nothing when it is not exactly one. A single emoji written without
// its presentation selector (U+2764 "❤") is given it ("❤️"), so that both spellings are one
// reaction; anything else must already be an RGI emoji.
std::optional<std::string> normalize_emoji(std::string_view text);

// Whether `text` is a custom emoji's name as a reaction or a message writes it: ":shortcode:",
// the shortcode 2 to 32 of [a-z0-9_+-].
bool is_emoji_shortcode(std::string_view text);

}  // namespace parley::util
