// Tests of the Web Push cryptography against RFC 8291's worked example (Appendix A) and by
// verifying VAPID tokens with the public key, as a push service does.
#include "push/web_push_crypto.hpp"

#include "util/base64.hpp"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json/parse.hpp>

#include <string>

namespace parley::push {
namespace {

std::string b64(std::string_view text) { return util::base64url_decode(text).value(); }

// RFC 8291, Appendix A.
constexpr std::string_view kPlaintext = "When I grow up, I want to be a watermelon";
constexpr std::string_view kAsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
constexpr std::string_view kAsPublic =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
constexpr std::string_view kUaPublic =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr std::string_view kUaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
constexpr std::string_view kSalt = "DGv6ra1nlYgDCS1FRnbzlw";
constexpr std::string_view kAuth = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr std::string_view kBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl"
    "7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

TEST(WebPushCrypto, EncryptsRfc8291sExampleToItsBytes) {
  const auto sender = EcKey::from_private(b64(kAsPrivate));
  ASSERT_TRUE(sender);
  EXPECT_EQ(util::base64url_encode(sender->public_point()), kAsPublic);
  const auto body = encrypt(kPlaintext, Receiver{b64(kUaPublic), b64(kAuth)}, *sender, b64(kSalt));
  ASSERT_TRUE(body);
  EXPECT_EQ(util::base64url_encode(*body), kBody);
}

TEST(WebPushCrypto, BothSidesAgreeOnTheSecret) {
  const auto ua = EcKey::from_private(b64(kUaPrivate));
  const auto as = EcKey::from_private(b64(kAsPrivate));
  ASSERT_TRUE(ua && as);
  EXPECT_EQ(util::base64url_encode(ua->public_point()), kUaPublic);
  EXPECT_EQ(ua->agree(as->public_point()), as->agree(ua->public_point()));
  EXPECT_EQ(ua->agree(b64(kUaPublic))->size(), 32U);
}

TEST(WebPushCrypto, FreshKeysAndSaltsMakeEveryBodyDifferent) {
  const auto ua = EcKey::generate();
  const Receiver receiver{ua.public_point(), std::string(16, 'a')};
  const auto a = encrypt("same", receiver);
  const auto b = encrypt("same", receiver);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->size(), 86U + 4 + 1 + 16) << "header, text, delimiter, tag";
  EXPECT_NE(a->substr(0, 16), b->substr(0, 16)) << "a fresh salt";
  EXPECT_NE(a->substr(21, 65), b->substr(21, 65)) << "a fresh sender key";
}

TEST(WebPushCrypto, RefusesBadKeysSecretsAndTooLongTexts) {
  const auto ua = EcKey::generate();
  std::string not_a_point = ua.public_point();
  not_a_point[40] = static_cast<char>(not_a_point[40] ^ 0x01);
  EXPECT_FALSE(encrypt("x", Receiver{not_a_point, std::string(16, 'a')}));
  EXPECT_FALSE(encrypt("x", Receiver{ua.public_point().substr(1), std::string(16, 'a')}));
  EXPECT_FALSE(encrypt("x", Receiver{ua.public_point(), std::string(15, 'a')}));
  EXPECT_TRUE(encrypt(std::string(kMaxPlaintext, 'x'), Receiver{ua.public_point(), std::string(16, 'a')}));
  EXPECT_FALSE(encrypt(std::string(kMaxPlaintext + 1, 'x'), Receiver{ua.public_point(), std::string(16, 'a')}));
  EXPECT_FALSE(EcKey::from_private(std::string(32, '\0')));
  EXPECT_FALSE(EcKey::from_private(std::string(32, '\xff'))) << "above the group order";
  EXPECT_FALSE(EcKey::from_private("short"));
}

// ES256 verification as a push service does it: the raw r || s back to DER, checked with the
// public point.
bool verify(std::string_view public_point, std::string_view data, std::string_view raw) {
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, public_point.data(), public_point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  const auto* r = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG_set0(sig, BN_bin2bn(r, 32, nullptr), BN_bin2bn(r + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_size = i2d_ECDSA_SIG(sig, &der);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestVerify(md, der, static_cast<std::size_t>(der_size),
                                   reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  return ok;
}

TEST(WebPushCrypto, VapidTokensNameTheOriginAndVerifyWithThePublicKey) {
  const VapidKey vapid(EcKey::generate());
  const auto header =
      vapid.authorization("https://Push.Example.NET:8443/wpush/v2/abc?x=1", "mailto:ops@example.test", 1'800'000'000);
  ASSERT_TRUE(header);
  ASSERT_TRUE(header->starts_with("vapid t="));
  const auto comma = header->find(", k=");
  ASSERT_NE(comma, std::string::npos);
  EXPECT_EQ(header->substr(comma + 4), vapid.public_key());
  const std::string jwt = header->substr(8, comma - 8);
  const auto dot1 = jwt.find('.');
  const auto dot2 = jwt.rfind('.');
  const auto claims = boost::json::parse(b64(jwt.substr(dot1 + 1, dot2 - dot1 - 1))).as_object();
  EXPECT_EQ(claims.at("aud").as_string(), "https://push.example.net:8443");
  EXPECT_EQ(claims.at("exp").as_int64(), 1'800'000'000);
  EXPECT_EQ(claims.at("sub").as_string(), "mailto:ops@example.test");
  EXPECT_EQ(boost::json::parse(b64(jwt.substr(0, dot1))).as_object().at("alg").as_string(), "ES256");
  const auto signature = b64(jwt.substr(dot2 + 1));
  ASSERT_EQ(signature.size(), 64U);
  EXPECT_TRUE(verify(vapid.key().public_point(), jwt.substr(0, dot2), signature));
  EXPECT_FALSE(verify(EcKey::generate().public_point(), jwt.substr(0, dot2), signature));
  EXPECT_FALSE(vapid.authorization("not a url", "mailto:x@y", 1));
  EXPECT_FALSE(vapid.authorization("ftp://host/x", "mailto:x@y", 1));
}

TEST(WebPushCrypto, AKeyComesBackFromItsPrivateScalar) {
  const auto key = EcKey::generate();
  const auto again = EcKey::from_private(key.private_scalar());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_point(), key.public_point());
}

}  // namespace
}  // namespace parley::push
