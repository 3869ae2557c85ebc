// An email's text as SMTP carries it: headers on one line each, a subject in another script as
// encoded words a reader decodes back, the parts' bodies in base64 lines, CRLF throughout.
#include "mail/mail_format.hpp"

#include "util/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::mail {
namespace {

// The decoded text of the encoded words of a header value.
std::string decode_words(std::string_view value) {
  std::string out;
  std::size_t at = 0;
  while ((at = value.find("=?UTF-8?B?", at)) != std::string_view::npos) {
    const auto start = at + 10;
    const auto end = value.find("?=", start);
    out += *util::base64_decode(value.substr(start, end - start));
    at = end + 2;
  }
  return out;
}

TEST(MailFormat, AddressesAreTakenFromMailboxes) {
  EXPECT_EQ(address_of("Parley <chat@example.com>"), "chat@example.com");
  EXPECT_EQ(address_of("chat@example.com"), "chat@example.com");
  EXPECT_EQ(address_of("  <a@b.c> "), "a@b.c");
  EXPECT_EQ(address_of("nobody"), "");
  EXPECT_EQ(address_of("Evil <a@b.c>\r\nBcc: x@y.z"), "") << "no header injection through an address";
  EXPECT_EQ(address_of("a b@c.d"), "");
  EXPECT_EQ(address_of("@c.d"), "");
}

TEST(MailFormat, ASubjectInAnyScriptIsEncodedInShortWords) {
  EXPECT_EQ(encoded_words("3 unread messages"), "3 unread messages");
  EXPECT_EQ(encoded_words("bad\r\nBcc: x@y.z"), "bad  Bcc: x@y.z") << "one line";
  const std::string subject = "Непрочитанные сообщения в «Дизайн» и 東京チーム 🎉 — " + std::string(40, 'x');
  const auto words = encoded_words(subject);
  EXPECT_EQ(decode_words(words), subject);
  std::size_t line_start = 0;
  while (line_start < words.size()) {
    auto end = words.find("\r\n", line_start);
    if (end == std::string::npos) end = words.size();
    EXPECT_LE(end - line_start, 76U) << "an encoded word fits its line";
    line_start = end + 2;
  }
}

TEST(MailFormat, TheMessageHasItsHeadersAndBothParts) {
  MailMessage m;
  m.to = "ben@example.com";
  m.subject = "Hello ✓";
  m.text = "Plain text, ünïcode.";
  m.html = "<p>HTML</p>";
  m.headers = {{"List-Unsubscribe", "<https://chat.example.com/u?t=1>"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  const auto text = render(m, "Parley <chat@example.com>", 1796605323000, "id-1", "B0UND");
  EXPECT_NE(text.find("From: Parley <chat@example.com>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: ben@example.com\r\n"), std::string::npos);
  EXPECT_NE(text.find("Date: Mon, 07 Dec 2026 01:02:03 +0000\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <id-1@example.com>\r\n"), std::string::npos);
  EXPECT_NE(text.find("List-Unsubscribe: <https://chat.example.com/u?t=1>\r\n"), std::string::npos);
  EXPECT_NE(text.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: multipart/alternative; boundary=\"B0UND\"\r\n\r\n--B0UND\r\n"), std::string::npos);
  EXPECT_NE(text.find(util::base64_encode(m.text)), std::string::npos);
  EXPECT_NE(text.find(util::base64_encode(m.html)), std::string::npos);
  EXPECT_TRUE(text.ends_with("--B0UND--\r\n"));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_GT(i, 0U);
      EXPECT_EQ(text[i - 1], '\r') << "CRLF at " << i;
    }
  }
}

}  // namespace
}  // namespace parley::mail
