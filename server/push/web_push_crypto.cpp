#include "push/web_push_crypto.hpp"

#include "util/base64.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace parley::push {
namespace {

constexpr std::size_t kPointBytes = 65;
constexpr std::size_t kScalarBytes = 32;
constexpr std::uint32_t kRecordSize = 4096;

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using Group = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using ParamBuild = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using Signature = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// A P-256 key from its parts: the public point, and the private scalar when there is one.
Pkey make_key(std::string_view point, const BIGNUM* scalar) {
  ParamBuild build(OSSL_PARAM_BLD_new());
  if (!build || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) ||
      (scalar != nullptr && !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar))) {
    return nullptr;
  }
  Params params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <=
          0) {
    return nullptr;
  }
  return Pkey(key);
}

// The point is on P-256 (EVP_PKEY_fromdata does not check it).
bool on_curve(std::string_view point) {
  if (point.size() != kPointBytes || point[0] != 0x04) return false;
  Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  Point p(group ? EC_POINT_new(group.get()) : nullptr);
  return p && EC_POINT_oct2point(group.get(), p.get(), bytes(point), point.size(), nullptr) == 1 &&
         EC_POINT_is_on_curve(group.get(), p.get(), nullptr) == 1;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string out(32, '\0');
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(), bytes(out), &size) ==
      nullptr) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return out;
}

// HKDF-SHA-256 (RFC 5869) of at most 32 bytes: one block of the expansion.
std::string hkdf(std::string_view salt, std::string_view ikm, std::string_view info, std::size_t length) {
  const auto prk = hmac_sha256(salt, ikm);
  std::string block(info);
  block.push_back('\x01');
  return hmac_sha256(prk, block).substr(0, length);
}

std::string aes128gcm(std::string_view key, std::string_view nonce, std::string_view plaintext) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + 16, '\0');
  int written = 0;
  int last = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), bytes(out), &written, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), bytes(out) + written, &last) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, bytes(out) + plaintext.size()) != 1) {
    throw std::runtime_error("AES-128-GCM failed");
  }
  return out;
}

std::string big_endian(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

}  // namespace

EcKey EcKey::generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (key == nullptr) throw std::runtime_error("cannot generate a P-256 key");
  return EcKey(key);
}

std::optional<EcKey> EcKey::from_private(std::string_view scalar) {
  if (scalar.size() != kScalarBytes) return std::nullopt;
  Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  Bignum d(BN_bin2bn(bytes(scalar), static_cast<int>(scalar.size()), nullptr));
  Point p(group ? EC_POINT_new(group.get()) : nullptr);
  if (!d || !p || BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0 ||
      EC_POINT_mul(group.get(), p.get(), d.get(), nullptr, nullptr, nullptr) != 1) {
    return std::nullopt;
  }
  std::string point(kPointBytes, '\0');
  if (EC_POINT_point2oct(group.get(), p.get(), POINT_CONVERSION_UNCOMPRESSED, bytes(point), point.size(), nullptr) !=
      kPointBytes) {
    return std::nullopt;
  }
  auto key = make_key(point, d.get());
  if (!key) return std::nullopt;
  return EcKey(key.release());
}

EcKey::EcKey(EcKey&& other) noexcept : key_(std::exchange(other.key_, nullptr)) {}
EcKey& EcKey::operator=(EcKey&& other) noexcept {
  std::swap(key_, other.key_);
  return *this;
}
EcKey::~EcKey() { EVP_PKEY_free(key_); }

std::string EcKey::public_point() const {
  std::string point(kPointBytes, '\0');
  std::size_t size = 0;
  if (EVP_PKEY_get_octet_string_param(key_, OSSL_PKEY_PARAM_PUB_KEY, bytes(point), point.size(), &size) != 1 ||
      size != kPointBytes) {
    throw std::runtime_error("cannot read a P-256 public key");
  }
  return point;
}

std::string EcKey::private_scalar() const {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key_, OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) {
    throw std::runtime_error("cannot read a P-256 private key");
  }
  Bignum d(raw);
  std::string scalar(kScalarBytes, '\0');
  BN_bn2binpad(d.get(), bytes(scalar), static_cast<int>(scalar.size()));
  return scalar;
}

std::optional<std::string> EcKey::agree(std::string_view peer_point) const {
  if (!on_curve(peer_point)) return std::nullopt;
  auto peer = make_key(peer_point, nullptr);
  PkeyCtx ctx(EVP_PKEY_CTX_new(key_, nullptr));
  std::size_t size = 0;
  if (!peer || !ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &size) != 1) {
    return std::nullopt;
  }
  std::string secret(size, '\0');
  if (EVP_PKEY_derive(ctx.get(), bytes(secret), &size) != 1) return std::nullopt;
  secret.resize(size);
  return secret;
}

std::string EcKey::sign(std::string_view data) const {
  MdCtx ctx(EVP_MD_CTX_new());
  std::size_t size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, bytes(data), data.size()) != 1) {
    throw std::runtime_error("ECDSA signing failed");
  }
  std::string der(size, '\0');
  if (EVP_DigestSign(ctx.get(), bytes(der), &size, bytes(data), data.size()) != 1) {
    throw std::runtime_error("ECDSA signing failed");
  }
  const unsigned char* in = bytes(der);
  Signature sig(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(size)));
  if (!sig) throw std::runtime_error("ECDSA signing failed");
  std::string raw(2 * kScalarBytes, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), bytes(raw), kScalarBytes);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), bytes(raw) + kScalarBytes, kScalarBytes);
  return raw;
}

std::optional<std::string> encrypt(std::string_view plaintext, const Receiver& receiver) {
  std::string salt(16, '\0');
  if (RAND_bytes(bytes(salt), static_cast<int>(salt.size())) != 1) throw std::runtime_error("no random bytes");
  return encrypt(plaintext, receiver, EcKey::generate(), salt);
}

std::optional<std::string> encrypt(std::string_view plaintext, const Receiver& receiver, const EcKey& sender,
                                   std::string_view salt) {
  if (plaintext.size() > kMaxPlaintext || receiver.auth_secret.size() != 16 || salt.size() != 16) return std::nullopt;
  const auto shared = sender.agree(receiver.public_point);
  if (!shared) return std::nullopt;
  const auto sender_point = sender.public_point();
  // RFC 8291 §3.4: the input keying material from the ECDH secret and the auth secret, then
  // RFC 8188 §2.2: the content encryption key and the nonce from it and the salt.
  std::string key_info("WebPush: info", 13);
  key_info.push_back('\0');
  key_info += receiver.public_point;
  key_info += sender_point;
  const auto ikm = hkdf(receiver.auth_secret, *shared, key_info, 32);
  const auto cek = hkdf(salt, ikm, std::string_view("Content-Encoding: aes128gcm\0", 28), 16);
  const auto nonce = hkdf(salt, ikm, std::string_view("Content-Encoding: nonce\0", 24), 12);
  std::string record(plaintext);
  record.push_back('\x02');  // the last (only) record, no padding
  std::string body(salt);
  body += big_endian(kRecordSize);
  body.push_back(static_cast<char>(kPointBytes));
  body += sender_point;
  body += aes128gcm(cek, nonce, record);
  return body;
}

std::string VapidKey::public_key() const { return util::base64url_encode(key_.public_point()); }

std::optional<std::string> VapidKey::authorization(std::string_view endpoint, std::string_view subject,
                                                   std::int64_t expires_at) const {
  const auto aud = origin_of(endpoint);
  if (!aud) return std::nullopt;
  boost::json::object claims{{"aud", *aud}, {"exp", expires_at}, {"sub", subject}};
  const std::string signing_input = util::base64url_encode(R"({"typ":"JWT","alg":"ES256"})") + "." +
                                    util::base64url_encode(boost::json::serialize(claims));
  return "vapid t=" + signing_input + "." + util::base64url_encode(key_.sign(signing_input)) + ", k=" + public_key();
}

std::optional<std::string> origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string origin(url.substr(0, scheme_end));
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (origin != "http" && origin != "https") return std::nullopt;
  auto rest = url.substr(scheme_end + 3);
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  origin += "://";
  for (const char c : authority) origin.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return origin;
}

}  // namespace parley::push
