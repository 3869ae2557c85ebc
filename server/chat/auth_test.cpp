#include "chat/auth.hpp"

#include "chat/password_rules.hpp"

#include "store/sqlite/sqlite_store.hpp"
#include "util/base64.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

namespace parley::chat {
namespace {
namespace fs = std::filesystem;

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley-auth-" + util::uuid_v7());
    fs::create_directories(dir_);
    store_ = store::open_sqlite_store((dir_ / "test.db").string());
    AuthOptions o;
    o.jwt_secret = std::string(32, 's');
    o.hash_memory_bytes = 1 << 20;  // fast hashes for tests
    o.hash_ops = 1;
    auth_ = std::make_unique<AuthService>(*store_, o, clock_);
  }
  void TearDown() override {
    auth_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  util::FakeClock clock_{util::now_ms()};
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthTest, RegisterNormalizesEmailAndRejectsDuplicates) {
  auto r = auth_->register_user("  Alice@Example.COM ", "Alice", "correct horse");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->user.email, "alice@example.com");
  EXPECT_NE(r->user.password_hash.find("$argon2id$"), std::string::npos);
  auto again = auth_->register_user("alice@example.com", "Other", "another password");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kConflict);
}

TEST_F(AuthTest, RegisterValidatesInput) {
  const auto code = [&](std::string_view e, std::string_view n, std::string_view p) {
    auto r = auth_->register_user(e, n, p);
    return r ? std::string("ok") : std::string(error_code(r.error().code));
  };
  EXPECT_EQ(code("not-an-email", "A", "horse staple 1"), "invalid_input");
  EXPECT_EQ(code("a@b.c", "", "horse staple 1"), "invalid_input");
  EXPECT_EQ(code("a@b.c", std::string(65, 'n'), "horse staple 1"), "invalid_input");
  EXPECT_EQ(code("a@b.c", std::string(64, 'n'), "horse staple 1"), "ok");
  EXPECT_EQ(code("b@b.c", "B", "short"), "invalid_input");
  EXPECT_EQ(code("c@b.c", "C", std::string(257, 'p')), "invalid_input");
  EXPECT_EQ(code("d@b.c", "\xC3\x28", "horse staple 1"), "invalid_input");
}

// Each look-alike of an address registers as no new account: it is either the same account
// (the canonical form is equal) or refused.
TEST_F(AuthTest, LookAlikeEmailsAreTheSameAccountOrRefused) {
  ASSERT_TRUE(auth_->register_user("a@x.test", "A", "correct horse"));
  const auto code = [&](std::string_view e) {
    auto r = auth_->register_user(e, "Twin", "correct horse");
    return r ? std::string("ok") : std::string(error_code(r.error().code));
  };
  EXPECT_EQ(code("\xD0\xB0@x.test"), "invalid_input");             // Cyrillic а
  EXPECT_EQ(code("\xEF\xBD\x81@x.test"), "conflict");              // full-width ａ
  EXPECT_EQ(code("a@x.test\xE2\x80\x8B"), "invalid_input");        // zero-width space
  EXPECT_EQ(code(std::string("a@x.test\0", 9)), "invalid_input");  // NUL
  EXPECT_EQ(code("a@x.test."), "conflict");                        // trailing dot
  EXPECT_EQ(code("A@X.TEST"), "conflict");
  EXPECT_EQ(code("p\xD0\xB0ypal@x.test"), "invalid_input");  // pаypal with a Cyrillic а
}

TEST_F(AuthTest, NamesRefuseHiddenCharactersAndPasswordsTheCommonOnes) {
  const auto r = [&](std::string_view e, std::string_view n, std::string_view p) {
    auto res = auth_->register_user(e, n, p);
    return res ? std::string("ok") : res.error().message;
  };
  EXPECT_NE(r("n1@x.test", "evil\xE2\x80\xAEgpj.exe", "correct horse").find("U+202E"), std::string::npos);
  EXPECT_NE(r("n2@x.test", std::string("nul\0", 4), "correct horse").find("U+0000"), std::string::npos);
  EXPECT_NE(r("n3@x.test", "bell\a", "correct horse").find("U+0007"), std::string::npos);
  EXPECT_EQ(r("p1@x.test", "P", "password"), kCommonPasswordMessage);
  EXPECT_EQ(r("p2@x.test", "P", "Password1"), kCommonPasswordMessage);
  EXPECT_NE(r("p3@x.test", "P", "        ").find("only spaces"), std::string::npos);
  EXPECT_EQ(r("p4@x.test", "P", "correct horse"), "ok");
}

TEST_F(AuthTest, LoginUsesTheCanonicalEmail) {
  ASSERT_TRUE(auth_->register_user("a@x.test", "A", "correct horse"));
  for (const auto* spelling : {"A@X.TEST.", "\xEF\xBC\xA1@x.test", " a@x.test\t", "a@x.test\xE2\x80\x8B"}) {
    auto r = auth_->login(spelling, "correct horse");
    ASSERT_TRUE(r) << spelling;
    EXPECT_EQ(r->user.email, "a@x.test");
  }
  EXPECT_FALSE(auth_->login("\xD0\xB0@x.test", "correct horse"));
  EXPECT_FALSE(auth_->login("\xC3\x28", "correct horse"));
}

TEST_F(AuthTest, LoginAnswersTheSameForUnknownEmailAndWrongPassword) {
  ASSERT_TRUE(auth_->register_user("bob@example.com", "Bob", "right password"));
  auto ok = auth_->login("BOB@example.com", "right password");
  ASSERT_TRUE(ok);
  auto wrong = auth_->login("bob@example.com", "wrong password");
  auto unknown = auth_->login("nobody@example.com", "right password");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, Errc::kUnauthorized);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AuthTest, TokensVerifyUntilLogout) {
  auto r = auth_->register_user("carol@example.com", "Carol", "battery staple 9");
  ASSERT_TRUE(r);
  auto check = auth_->verify("Bearer " + r->access_token);
  ASSERT_TRUE(check.principal);
  EXPECT_EQ(check.principal->user_id, r->user.id);
  ASSERT_TRUE(auth_->logout(*check.principal));
  auto after = auth_->verify(r->access_token);
  EXPECT_FALSE(after.principal);
  EXPECT_EQ(after.error, TokenError::kInvalid);
  EXPECT_EQ(auth_->verify("").error, TokenError::kMissing);
  EXPECT_EQ(auth_->verify("Bearer ").error, TokenError::kMissing);
}

TEST_F(AuthTest, TokensExpireByTheInjectedClock) {
  auto r = auth_->register_user("dave@example.com", "Dave", "battery staple 9");
  ASSERT_TRUE(r);
  const std::int64_t ttl = AuthOptions{}.token_ttl_ms;
  clock_.advance(ttl - 1000);
  EXPECT_TRUE(auth_->verify(r->access_token).principal);
  clock_.advance(2000);
  auto expired = auth_->verify(r->access_token);
  EXPECT_FALSE(expired.principal);
  EXPECT_EQ(expired.error, TokenError::kInvalid);
}

TEST_F(AuthTest, RejectsTamperedExpiredAndUnsignedTokens) {
  const auto now = util::now_ms();
  const auto token = auth_->sign("u1", "s1", now, now + 60'000);
  ASSERT_TRUE(auth_->decode(token, now));
  EXPECT_FALSE(auth_->decode(token, now + 61'000));  // expired
  std::string tampered = token;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(auth_->decode(tampered, now));
  // A token whose claims were changed keeps its old signature.
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  const std::string forged = token.substr(0, dot1 + 1) +
                             util::base64url_encode(R"({"sub":"admin","sid":"s1","exp":99999999999})") +
                             token.substr(dot2);
  EXPECT_FALSE(auth_->decode(forged, now));
  // alg "none" with no signature.
  const std::string none = util::base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                           util::base64url_encode(R"({"sub":"u1","sid":"s1","exp":99999999999})") + ".";
  EXPECT_FALSE(auth_->decode(none, now));
  EXPECT_FALSE(auth_->decode("garbage", now));
  EXPECT_FALSE(auth_->decode("a.b.c.d", now));
  // A valid signature for a session that does not exist.
  EXPECT_EQ(auth_->verify(token).error, TokenError::kInvalid);
}

TEST(Secret, GeneratedOnceWithOwnerOnlyPermissions) {
  const auto dir = fs::temp_directory_path() / ("parley-secret-" + util::uuid_v7());
  const auto first = load_or_create_secret("", dir.string());
  EXPECT_GE(first.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "jwt_secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(load_or_create_secret("", dir.string()), first);
  EXPECT_EQ(load_or_create_secret(std::string(40, 'x'), dir.string()), std::string(40, 'x'));
  EXPECT_THROW(load_or_create_secret("short", dir.string()), std::runtime_error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace parley::chat
