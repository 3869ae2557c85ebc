// The tokens in the links of emails: "verify this address" and "no more emails". Each names its
// purpose, the person, the address and when it expires, signed with HMAC-SHA-256 under a key the
// instances share; a token is good for its purpose only, and not after it expires. Pure; safe
// from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::chat {

inline constexpr std::string_view kVerifyPurpose = "verify-email";
inline constexpr std::string_view kUnsubscribePurpose = "unsubscribe";

struct EmailToken {
  std::string user_id;
  std::string email;
  std::int64_t expires_at = 0;
};

// base64url(payload) "." base64url(mac): safe in a URL's query.
std::string make_email_token(std::string_view key, std::string_view purpose, const EmailToken& token);
// The token's content when it is `purpose`'s, signed with `key`, and not expired at `now`.
std::optional<EmailToken> read_email_token(std::string_view key, std::string_view purpose, std::string_view text,
                                           std::int64_t now);

}  // namespace parley::chat
