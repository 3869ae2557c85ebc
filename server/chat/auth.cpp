#include "chat/auth.hpp"

#include "chat/account_rules.hpp"
#include "chat/password_rules.hpp"
#include "store/moderation.hpp"
#include "util/base64.hpp"
#include "util/ids.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <sodium.h>

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace parley::chat {
namespace json = boost::json;

namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

std::string hmac_sha256(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state state;
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&state, out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace

AuthService::AuthService(store::UserStore& store, AuthOptions options, util::Clock& clock)
    : store_(store), options_(std::move(options)), clock_(clock) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (options_.jwt_secret.size() < 32) throw std::runtime_error("jwt secret must be at least 32 bytes");
  char hash[crypto_pwhash_STRBYTES];
  const std::string pw = util::uuid_v7();
  if (crypto_pwhash_str(hash, pw.data(), pw.size(), options_.hash_ops, options_.hash_memory_bytes) != 0) {
    throw std::runtime_error("password hashing failed (out of memory?)");
  }
  dummy_hash_ = hash;
}

Result<AuthResult> AuthService::register_user(std::string_view email_in, std::string_view name_in,
                                              std::string_view password) {
  auto email = check_email(email_in);
  if (!email) return util::fail(email.error());
  auto name = check_name(name_in);
  if (!name) return util::fail(name.error());
  if (auto ok = check_new_password(password); !ok) return util::fail(ok.error());

  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), options_.hash_ops, options_.hash_memory_bytes) != 0) {
    return fail(Errc::kUnavailable, "Password hashing failed");
  }
  store::User user;
  user.id = util::uuid_v7();
  user.email = std::move(*email);
  user.name = std::move(*name);
  user.password_hash = hash;
  user.created_at = clock_.now_ms();
  auto created = store_.create_user(user);
  if (!created) {
    if (created.error() == store::Errc::kConflict) return fail(Errc::kConflict, "Email is already registered");
    return fail(Errc::kUnavailable, "Storage unavailable");
  }
  return issue(std::move(*created));
}

Result<AuthResult> AuthService::login(std::string_view email_in, std::string_view password) {
  static constexpr std::string_view kWrong = "Invalid email or password";
  if (password.size() > 1024) return fail(Errc::kUnauthorized, std::string(kWrong));
  // The same canonical form as at registration, so "A@X.TEST." finds a@x.test. Text that is
  // not UTF-8 finds nobody, and still costs a hash.
  const auto email = canonical_email(email_in);
  auto user = email ? store_.user_by_email(*email) : store::Result<store::User>(util::fail(store::Errc::kNotFound));
  if (!user && user.error() != store::Errc::kNotFound) return fail(Errc::kUnavailable, "Storage unavailable");
  const std::string& hash = user ? user->password_hash : dummy_hash_;
  const bool match = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  if (!user || !match) return fail(Errc::kUnauthorized, std::string(kWrong));
  auto suspended = suspended_now(user->id);
  if (!suspended) return util::fail(suspended.error());
  if (*suspended) return fail(Errc::kForbidden, "This account is suspended");
  return issue(std::move(*user));
}

Result<bool> AuthService::suspended_now(const std::string& user_id) {
  if (!moderation_) return false;
  auto s = moderation_->suspension(user_id);
  if (!s) return fail(Errc::kUnavailable, "Storage unavailable");
  return s->has_value() && (!(*s)->until || *(*s)->until > clock_.now_ms());
}

Result<AuthResult> AuthService::issue(store::User user) {
  const auto now = clock_.now_ms();
  store::Session session{util::uuid_v7(), user.id, now, now + options_.token_ttl_ms, false};
  if (!store_.create_session(session)) return fail(Errc::kUnavailable, "Storage unavailable");
  return AuthResult{sign(user.id, session.id, now, session.expires_at), std::move(user)};
}

Result<void> AuthService::logout(const Principal& who) {
  if (!store_.revoke_session(who.session_id)) return fail(Errc::kUnavailable, "Storage unavailable");
  if (revoked_) revoked_(who.session_id);
  return {};
}

std::string AuthService::sign(std::string_view user_id, std::string_view session_id, std::int64_t issued_ms,
                              std::int64_t expires_ms) const {
  json::object claims{{"sub", user_id}, {"sid", session_id}, {"iat", issued_ms / 1000}, {"exp", expires_ms / 1000}};
  std::string token = util::base64url_encode(kHeader) + "." + util::base64url_encode(json::serialize(claims));
  const std::string mac = hmac_sha256(options_.jwt_secret, token);
  return token + "." + util::base64url_encode(mac);
}

std::optional<AuthService::Claims> AuthService::decode(std::string_view token, std::int64_t now_ms) const {
  if (token.size() > 4096) return std::nullopt;
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) return std::nullopt;
  const auto signature = util::base64url_decode(token.substr(dot2 + 1));
  const std::string expected = hmac_sha256(options_.jwt_secret, token.substr(0, dot2));
  if (!signature || signature->size() != expected.size() ||
      sodium_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  const auto header = util::base64url_decode(token.substr(0, dot1));
  const auto payload = util::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!header || !payload) return std::nullopt;
  boost::system::error_code ec;
  const auto h = json::parse(*header, ec);
  if (ec || !h.is_object()) return std::nullopt;
  const auto* alg = h.as_object().if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") return std::nullopt;
  const auto p = json::parse(*payload, ec);
  if (ec || !p.is_object()) return std::nullopt;
  const auto& o = p.as_object();
  const auto* sub = o.if_contains("sub");
  const auto* sid = o.if_contains("sid");
  const auto* exp = o.if_contains("exp");
  if (!sub || !sub->is_string() || !sid || !sid->is_string() || !exp || !exp->is_int64()) return std::nullopt;
  if (exp->get_int64() <= 0 || exp->get_int64() > INT64_MAX / 1000) return std::nullopt;
  const std::int64_t expires_ms = exp->get_int64() * 1000;
  if (expires_ms <= now_ms) return std::nullopt;
  return Claims{std::string(sub->get_string()), std::string(sid->get_string()), expires_ms};
}

TokenCheck AuthService::verify(std::string_view token) {
  if (token.starts_with("Bearer ")) token.remove_prefix(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return {std::nullopt, TokenError::kMissing};
  const auto claims = decode(token, clock_.now_ms());
  if (!claims) return {std::nullopt, TokenError::kInvalid};
  auto session = store_.session_by_id(claims->session_id);
  if (!session) {
    return {std::nullopt, session.error() == store::Errc::kNotFound ? TokenError::kInvalid : TokenError::kUnavailable};
  }
  if (session->revoked || session->user_id != claims->user_id) return {std::nullopt, TokenError::kInvalid};
  auto user = store_.user_by_id(claims->user_id);
  if (!user) {
    return {std::nullopt,
            user.error() == store::Errc::kNotFound ? TokenError::kUserNotFound : TokenError::kUnavailable};
  }
  auto suspended = suspended_now(claims->user_id);
  if (!suspended) return {std::nullopt, TokenError::kUnavailable};
  if (*suspended) return {std::nullopt, TokenError::kSuspended};
  return {Principal{claims->user_id, claims->session_id}, TokenError::kInvalid};
}

std::string load_or_create_secret(const std::string& configured, const std::string& data_dir) {
  if (!configured.empty()) {
    if (configured.size() < 32) throw std::runtime_error("jwt_secret: must be at least 32 characters");
    return configured;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) throw std::runtime_error("data_dir " + data_dir + ": " + ec.message());
  const fs::path path = fs::path(data_dir) / "jwt_secret";
  if (fs::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string secret = buf.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() < 32) throw std::runtime_error(path.string() + ": secret is shorter than 32 characters");
    return secret;
  }
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string());
  const std::string text = std::string(hex) + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path.string());
  spdlog::info("generated a new signing secret in {}", path.string());
  return hex;
}

}  // namespace parley::chat
