// Standard base64 (RFC 4648, with padding), used by Engine.IO long-polling for binary
// packets. Pure functions, safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley::util {

std::string base64_encode(std::string_view bytes);

// Nothing when `text` is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace parley::util

namespace parley::util {

// base64url without padding (RFC 4648 §5), as JWTs use it.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace parley::util
