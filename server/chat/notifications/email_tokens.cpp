#include "chat/notifications/email_tokens.hpp"

#include "util/base64.hpp"

#include <sodium.h>

#include <array>
#include <charconv>

namespace parley::chat {

namespace {

std::string mac_of(std::string_view key, std::string_view message) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return util::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::string payload_of(std::string_view purpose, const EmailToken& t) {
  return std::string(purpose) + "\n" + t.user_id + "\n" + t.email + "\n" + std::to_string(t.expires_at);
}

}  // namespace

std::string make_email_token(std::string_view key, std::string_view purpose, const EmailToken& token) {
  const auto payload = payload_of(purpose, token);
  return util::base64url_encode(payload) + "." + mac_of(key, payload);
}

std::optional<EmailToken> read_email_token(std::string_view key, std::string_view purpose, std::string_view text,
                                           std::int64_t now) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || text.size() > 1024) return std::nullopt;
  const auto payload = util::base64url_decode(text.substr(0, dot));
  if (!payload) return std::nullopt;
  const auto expected = mac_of(key, *payload);
  const auto given = text.substr(dot + 1);
  if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  // purpose \n user \n email \n expires
  std::string_view rest = *payload;
  std::array<std::string_view, 4> parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto nl = rest.find('\n');
    if ((nl == std::string_view::npos) != (i + 1 == parts.size())) return std::nullopt;
    parts[i] = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  if (parts[0] != purpose) return std::nullopt;
  EmailToken t{std::string(parts[1]), std::string(parts[2]), 0};
  const auto [end, ec] = std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), t.expires_at);
  if (ec != std::errc() || end != parts[3].data() + parts[3].size() || t.expires_at <= now) return std::nullopt;
  return t;
}

}  // namespace parley::chat
