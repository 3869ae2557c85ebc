#include "chat/account_rules.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::chat {
namespace {

using namespace std::string_literals;

// "ok:<canonical>" or "invalid_input: <message>", so a failure shows what was decided.
std::string email(std::string_view in) {
  auto r = check_email(in);
  return r ? "ok:" + *r : std::string(error_code(r.error().code)) + ": " + r.error().message;
}

bool refused(std::string_view in) { return !check_email(in); }

TEST(CanonicalEmail, FoldsCaseWidthAndTheDomainsTrailingDot) {
  EXPECT_EQ(canonical_email("  Alice@Example.COM \t"), "alice@example.com");
  EXPECT_EQ(canonical_email("A@X.TEST."), "a@x.test");
  EXPECT_EQ(canonical_email("a@x.test.."), "a@x.test");
  EXPECT_EQ(canonical_email("\xEF\xBD\x81@x.test"), "a@x.test");             // full-width ａ
  EXPECT_EQ(canonical_email("a\xEF\xBC\xA0x\xEF\xBC\x8Etest"), "a@x.test");  // full-width ＠ and ．
  EXPECT_EQ(canonical_email("a@x.test\xE2\x80\x8B"), "a@x.test");            // zero-width space dropped
  EXPECT_EQ(canonical_email("STRA\xC3\x9F"
                            "E@x.test"),
            "strasse@x.test");                                       // full case folding
  EXPECT_EQ(canonical_email("\xD0\xB0@x.test"), "\xD0\xB0@x.test");  // Cyrillic а stays itself
  EXPECT_EQ(canonical_email("\xC3\x28"), std::nullopt);
}

TEST(CanonicalEmail, IsIdempotent) {
  for (const auto* e : {"A@X.TEST.", "\xEF\xBD\x81@x.test",
                        "Stra\xC3\x9F"
                        "e@x.test",
                        "a\xE2\x80\x8B@x.test"}) {
    const auto once = canonical_email(e);
    ASSERT_TRUE(once);
    EXPECT_EQ(canonical_email(*once), once) << e;
  }
}

TEST(CheckEmail, AcceptsPlainAndSingleScriptAddresses) {
  EXPECT_EQ(email("Alice@Example.COM"), "ok:alice@example.com");
  EXPECT_EQ(email("a@x.test."), "ok:a@x.test");
  EXPECT_EQ(email("\xEF\xBD\x81@x.test"), "ok:a@x.test");
  EXPECT_EQ(email("first.last+tag@sub.example.org"), "ok:first.last+tag@sub.example.org");
  EXPECT_EQ(email("jos\xC3\xA9@x.test"), "ok:jos\xC3\xA9@x.test");                    // Latin with a diacritic
  EXPECT_EQ(email("y\xC4\xB1ld\xC4\xB1z@x.test"), "ok:y\xC4\xB1ld\xC4\xB1z@x.test");  // Turkish dotless ı
  EXPECT_EQ(email("\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD@x.test"), "ok:\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD@x.test");  // Иван
  EXPECT_EQ(email("\xCE\xB1\xCE\xBB\xCE\xAD\xCE\xBE\xCE\xB7\xCF\x82@x.test"),
            "ok:\xCE\xB1\xCE\xBB\xCE\xAD\xCE\xBE\xCE\xB7\xCF\x83@x.test");    // αλέξης, final ς folded
  EXPECT_EQ(email("\xE7\x8E\x8B@x.test"), "ok:\xE7\x8E\x8B@x.test");          // 王
  EXPECT_EQ(email("wang\xE7\x8E\x8B@x.test"), "ok:wang\xE7\x8E\x8B@x.test");  // Latin with Han
}

TEST(CheckEmail, RefusesControlInvisibleAndDirectionCharacters) {
  const std::string base = "a@x.test";
  for (const std::string& bad :
       {"\x00"s, "\x07"s, "\x7F"s, "\xC2\xAD"s /* soft hyphen */, "\xE2\x80\x8B"s, "\xE2\x80\x8C"s, "\xE2\x80\x8D"s,
        "\xE2\x81\xA0"s, "\xEF\xBB\xBF"s, "\xE2\x80\x8E"s, "\xE2\x80\x8F"s, "\xD8\x9C"s, "\xE2\x80\xAA"s,
        "\xE2\x80\xAE"s, "\xE2\x81\xA6"s, "\xE2\x81\xA9"s, "\xF3\xA0\x80\x81"s /* tag */}) {
    for (const auto& where : {base + bad, bad + base, "a" + bad + "@x.test"}) {
      const auto r = check_email(where);
      ASSERT_FALSE(r) << where;
      EXPECT_EQ(r.error().code, Errc::kInvalidInput);
      EXPECT_NE(r.error().message.find("invisible"), std::string::npos) << r.error().message;
    }
  }
  EXPECT_NE(email("a@x.test\xE2\x80\x8B").find("(U+200B)"), std::string::npos);
  // NEL (a C1 control) and the line separator are also white space: trimmed around the
  // address like a space, refused inside it.
  EXPECT_EQ(email("a@x.test\xC2\x85"), "ok:a@x.test");
  EXPECT_TRUE(
      refused("a\xC2\x85"
              "b@x.test"));
  EXPECT_EQ(email("a@x.test\xE2\x80\xA8"), "ok:a@x.test");
  EXPECT_TRUE(
      refused("a\xE2\x80\xA8"
              "b@x.test"));
}

TEST(CheckEmail, RefusesLookAlikeScripts) {
  EXPECT_TRUE(refused("\xD0\xB0@x.test"));                                   // а: Cyrillic, reads as Latin "a"
  EXPECT_TRUE(refused("p\xD0\xB0ypal@x.test"));                              // pаypal: Latin mixed with Cyrillic
  EXPECT_TRUE(refused("\xD1\x80\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l@x.test"));  // раурал + Latin l
  EXPECT_TRUE(refused("\xD1\x80\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0@x.test"));   // рауpа: all Cyrillic, reads "paypa"
  EXPECT_TRUE(refused("g\xCE\xBF\xCE\xBFgle@x.test"));                       // Greek omicrons in Latin
  EXPECT_TRUE(refused("a1\xD9\xA2@x.test"));                                 // digits of two numbering systems
  EXPECT_TRUE(refused("a@p\xD0\xB0ypal.test"));                              // the domain too
  EXPECT_TRUE(refused("a@\xD0\xB0pple.test"));
  EXPECT_NE(email("p\xD0\xB0ypal@x.test").find("before @"), std::string::npos);
}

TEST(CheckEmail, RefusesWhatIsNoAddress) {
  for (const auto* bad :
       {"", "not-an-email", "@x.test", "a@", "a@x", "a@@x.test", "a@x..test", "a@.x.test", "a b@x.test", "a@x.test..",
        "a\xC2\xA0"
        "b@x.test",
        "a\xE3\x80\x80"
        "b@x.test"}) {
    EXPECT_TRUE(refused(bad)) << bad;
  }
  EXPECT_TRUE(refused(std::string(250, 'a') + "@x.test"));
  EXPECT_EQ(email("\xC3\x28@x.test"), "invalid_input: Text must be valid UTF-8");
}

TEST(CheckName, TrimsAndRefusesHiddenCharacters) {
  EXPECT_EQ(*check_name("  Ann \xE3\x80\x80"), "Ann");
  EXPECT_EQ(*check_name("\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xE2\x9D\xA4\xEF\xB8\x8F"),
            "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xE2\x9D\xA4\xEF\xB8\x8F");  // Анна ❤️
  EXPECT_TRUE(check_name(std::string(64, 'n')));
  EXPECT_FALSE(check_name(std::string(65, 'n')));
  EXPECT_FALSE(check_name(" \t "));
  EXPECT_FALSE(check_name("\xE3\x80\x80"));  // ideographic space only
  for (const std::string& bad : {"\x00"s, "\x07"s, "\xE2\x80\xAE"s, "\xE2\x80\x8B"s, "\xE2\x80\x8D"s, "\xE2\x81\xA6"s,
                                 "\xEF\xBB\xBF"s, "\xD8\x9C"s, "\xE2\x80\x8F"s}) {
    const auto r = check_name("An" + bad + "n");
    ASSERT_FALSE(r) << bad.size();
    EXPECT_EQ(r.error().code, Errc::kInvalidInput);
    EXPECT_NE(r.error().message.find("invisible"), std::string::npos);
  }
  EXPECT_NE(check_name("evil\xE2\x80\xAEtxt.exe").error().message.find("U+202E"), std::string::npos);
}

}  // namespace
}  // namespace parley::chat
