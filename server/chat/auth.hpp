// Accounts and authentication: registration, login with Argon2id password hashes (libsodium),
// JWT (HS256) access tokens that carry a session id, logout by revoking that session, and
// token verification for REST and the Socket.IO handshake.
//
// Threading: every method may be called from any thread; hashing and store calls block, so
// callers run them on worker threads.
#pragma once

#include "util/clock.hpp"

#include "chat/errors.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace parley::chat {

struct AuthOptions {
  std::string jwt_secret;  // the signing key (raw bytes), at least 32 bytes
  std::int64_t token_ttl_ms = 7LL * 24 * 3600 * 1000;
  unsigned long long hash_ops = 2;            // Argon2id passes
  std::size_t hash_memory_bytes = 64u << 20;  // Argon2id memory
};

struct Principal {
  std::string user_id;
  std::string session_id;
};

struct AuthResult {
  std::string access_token;
  store::User user;
};

// Why a token was refused; the Socket.IO handshake reports these words.
enum class TokenError { kMissing, kInvalid, kUserNotFound, kUnavailable, kSuspended };

struct TokenCheck {
  std::optional<Principal> principal;
  TokenError error = TokenError::kInvalid;
};

class AuthService {
 public:
  AuthService(store::UserStore& store, AuthOptions options, util::Clock& clock = util::system_clock());

  Result<AuthResult> register_user(std::string_view email, std::string_view name, std::string_view password);
  Result<AuthResult> login(std::string_view email, std::string_view password);
  // Revokes the session, then tells the revocation listener (which ends its open sockets).
  Result<void> logout(const Principal& who);
  // Set once, before serving; called on the thread of logout().
  void on_session_revoked(std::function<void(std::string_view session_id)> listener) { revoked_ = std::move(listener); }
  // Accepts the token with or without a "Bearer " prefix.
  TokenCheck verify(std::string_view token);
  // From now on a suspended account (store/moderation.hpp) neither signs in nor uses its tokens.
  // Set once, before serving.
  void check_suspensions(store::ModerationStore* moderation) { moderation_ = moderation; }

  // Pure JWT helpers, exposed for tests.
  std::string sign(std::string_view user_id, std::string_view session_id, std::int64_t issued_ms,
                   std::int64_t expires_ms) const;
  struct Claims {
    std::string user_id;
    std::string session_id;
    std::int64_t expires_ms = 0;
  };
  std::optional<Claims> decode(std::string_view token, std::int64_t now_ms) const;

 private:
  Result<AuthResult> issue(store::User user);
  // Whether the account is suspended at this moment (false without check_suspensions).
  Result<bool> suspended_now(const std::string& user_id);

  store::UserStore& store_;
  AuthOptions options_;
  util::Clock& clock_;
  std::string dummy_hash_;  // verified against for unknown emails, so both cases cost the same
  std::function<void(std::string_view)> revoked_;
  store::ModerationStore* moderation_ = nullptr;
};

// The signing secret: `configured` when set, else read from (or generated into, mode 0600)
// `<data_dir>/jwt_secret`. Throws std::runtime_error at start-up when it cannot.
std::string load_or_create_secret(const std::string& configured, const std::string& data_dir);

}  // namespace parley::chat
