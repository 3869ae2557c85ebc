#include "chat/password_rules.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::chat {
namespace {

std::string verdict(std::string_view password) {
  auto r = check_new_password(password);
  return r ? "ok" : r.error().message;
}

TEST(PasswordRules, TheListIsBuiltIn) {
  std::size_t entries = 0;
  for (std::size_t at = 0; at < kCommonPasswordsText.size(); at = kCommonPasswordsText.find('\n', at) + 1) {
    if (kCommonPasswordsText[at] != '#') ++entries;
  }
  EXPECT_GT(entries, 4000u);
  EXPECT_TRUE(is_common_password("password"));
  EXPECT_TRUE(is_common_password("12345678"));
}

TEST(PasswordRules, RefusesCommonPasswordsInAnyCase) {
  for (const auto* common : {"password", "PASSWORD", "PassWord1", "password123", "qwertyuiop", "iloveyou",
                             "\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x93\xEF\xBD\x93\xEF\xBD\x97\xEF\xBD\x8F\xEF\xBD\x92"
                             "\xEF\xBD\x84",  // full-width "password"
                             " password "}) {
    EXPECT_EQ(verdict(common), kCommonPasswordMessage) << common;
  }
}

TEST(PasswordRules, RefusesWhiteSpaceOnly) {
  EXPECT_NE(verdict("        ").find("only spaces"), std::string::npos);
  EXPECT_NE(verdict("\t\t\t\t    ").find("only spaces"), std::string::npos);
  EXPECT_NE(verdict("\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80")
                .find("only spaces"),
            std::string::npos);
}

TEST(PasswordRules, KeepsTheLengthRulesAndAcceptsTheRest) {
  EXPECT_EQ(verdict("short"), "password must be 8 to 256 characters");
  EXPECT_EQ(verdict(std::string(257, 'p')), "password must be 8 to 256 characters");
  EXPECT_EQ(verdict(std::string(256, 'p')), "ok");
  EXPECT_EQ(verdict("correct horse battery"), "ok");
  EXPECT_EQ(verdict("  padded but fine  "), "ok");
  EXPECT_EQ(verdict("bench-password-1"), "ok");
  EXPECT_EQ(verdict("loadgen-pass-1"), "ok");
}

}  // namespace
}  // namespace parley::chat
