// The cryptography of Web Push, with OpenSSL: the message encryption of RFC 8291 (the
// `aes128gcm` content coding of RFC 8188, one record) and the VAPID key and token of RFC 8292
// (an ES256 JWT). Keys travel as browsers give them: base64url without padding, a P-256 public
// key as its 65-byte uncompressed point, a private key as its 32-byte scalar.
//
// Threading: every function is reentrant; a VapidKey may be used from many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

using evp_pkey_st = struct evp_pkey_st;

namespace parley::push {

// A P-256 key pair.
class EcKey {
 public:
  static EcKey generate();
  // From the 32-byte private scalar; nullopt when it is not one.
  static std::optional<EcKey> from_private(std::string_view scalar);
  EcKey(EcKey&&) noexcept;
  EcKey& operator=(EcKey&&) noexcept;
  ~EcKey();

  std::string public_point() const;    // 65 bytes, 0x04 || x || y
  std::string private_scalar() const;  // 32 bytes
  // The ECDH shared secret with `peer_point` (65 bytes); nullopt when it is not a point of P-256.
  std::optional<std::string> agree(std::string_view peer_point) const;
  // An ES256 signature of `data` (SHA-256, then ECDSA) as JWS wants it: r || s, 64 bytes.
  std::string sign(std::string_view data) const;

 private:
  explicit EcKey(evp_pkey_st* key) : key_(key) {}
  evp_pkey_st* key_ = nullptr;
};

// What a subscription gives to encrypt for it (PushSubscription.keys, decoded).
struct Receiver {
  std::string public_point;  // p256dh: 65 bytes
  std::string auth_secret;   // auth: 16 bytes
};

// The largest plaintext that one record of 4096 bytes carries: 4096 less the 86-byte header
// (salt, record size, key id), the 16-byte tag and the delimiter.
inline constexpr std::size_t kMaxPlaintext = 3993;

// The body of a push message to `receiver`: salt (16) || record size (4, 4096) || key id length
// (1, 65) || the sender's public key (65) || AES-128-GCM(plaintext || 0x02). The sender's key
// and the salt are fresh for each message; a test passes its own. nullopt when the receiver's
// key is not a point of P-256 or its secret is not 16 bytes, or the plaintext is too long.
std::optional<std::string> encrypt(std::string_view plaintext, const Receiver& receiver);
std::optional<std::string> encrypt(std::string_view plaintext, const Receiver& receiver, const EcKey& sender,
                                   std::string_view salt);

// The application server's VAPID key: its public point is the `applicationServerKey` browsers
// subscribe with, and it signs the token each push request carries.
class VapidKey {
 public:
  explicit VapidKey(EcKey key) : key_(std::move(key)) {}
  const EcKey& key() const { return key_; }
  std::string public_key() const;  // base64url of the public point
  // The Authorization header of a push request to `endpoint` (RFC 8292 §3):
  // "vapid t=<JWT>, k=<public key>", the JWT with aud = the endpoint's origin, exp =
  // `expires_at` (seconds since the epoch; at most 24 h ahead) and sub = `subject` (a mailto: or
  // https: URL the push service may contact). nullopt when the endpoint has no origin.
  std::optional<std::string> authorization(std::string_view endpoint, std::string_view subject,
                                           std::int64_t expires_at) const;

 private:
  EcKey key_;
};

// scheme://host[:port] of an http(s) URL, lower-cased; nullopt when it is not one.
std::optional<std::string> origin_of(std::string_view url);

}  // namespace parley::push
