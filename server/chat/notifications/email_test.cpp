// The emails' pieces: the links' tokens (for one purpose, not after they expire, not forged) and
// the digest's words (by chat, the person's clock, HTML escaped, the unsubscribe headers).
#include "chat/notifications/email_digest.hpp"
#include "chat/notifications/email_tokens.hpp"
#include "chat/notifications/notifications_fixture.hpp"

namespace parley::chat {
namespace {

TEST(EmailTokens, ATokenIsGoodForItsPurposeUntilItExpires) {
  const std::string key = "0123456789abcdef0123456789abcdef";
  const EmailToken t{"user-1", "ben@example.com", 2000};
  const auto token = make_email_token(key, kVerifyPurpose, t);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
            std::string::npos)
      << "safe in a URL";
  const auto read = read_email_token(key, kVerifyPurpose, token, 1999);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->user_id, "user-1");
  EXPECT_EQ(read->email, "ben@example.com");
  EXPECT_EQ(read->expires_at, 2000);
  EXPECT_FALSE(read_email_token(key, kVerifyPurpose, token, 2000)) << "expired";
  EXPECT_FALSE(read_email_token(key, kUnsubscribePurpose, token, 1000)) << "another purpose";
  EXPECT_FALSE(read_email_token("another key, another server....", kVerifyPurpose, token, 1000));
  std::string tampered = token;
  tampered[2] = tampered[2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(read_email_token(key, kVerifyPurpose, tampered, 1000));
  for (const char* bad : {"", ".", "abc", "abc.def", "!!!.???"})
    EXPECT_FALSE(read_email_token(key, kVerifyPurpose, bad, 0));
}

TEST(EmailDigest, ItSaysWhatIsUnreadWhereOnThePersonsClock) {
  Digest d;
  d.to = "ben@example.com";
  d.name = "Ben";
  d.time_zone = "Asia/Tokyo";
  d.public_url = "https://chat.example.com";
  d.unsubscribe_url = "https://chat.example.com/api/v1/email/unsubscribe?token=T";
  d.unsubscribe_page = "https://chat.example.com/unsubscribe?token=T";
  d.settings_url = "https://chat.example.com/";
  // 2026-01-15 03:04 UTC is 12:04 in Tokyo.
  d.chats = {DigestChat{"g1", "R&D <core>", 7, {DigestLine{"Ann", "a < b && c", 1768446240000}}},
             DigestChat{"p1", "Cai", 1, {DigestLine{"Cai", "", 1768446240000}}}};
  const auto m = digest_email(d);
  EXPECT_EQ(m.to, "ben@example.com");
  EXPECT_EQ(m.subject, "8 unread messages in R&D <core> and Cai");
  EXPECT_NE(m.text.find("R&D <core> (7)\n  12:04 Ann: a < b && c\n  and 6 more\n"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("  12:04 Cai\n"), std::string::npos) << "no text without previews";
  EXPECT_NE(m.text.find("Open: https://chat.example.com/chat/g1"), std::string::npos);
  EXPECT_NE(m.text.find("Stop these emails: https://chat.example.com/unsubscribe?token=T"), std::string::npos);
  EXPECT_NE(m.html.find("R&amp;D &lt;core&gt;"), std::string::npos);
  EXPECT_NE(m.html.find("a &lt; b &amp;&amp; c"), std::string::npos);
  EXPECT_EQ(m.html.find("<core>"), std::string::npos);
  ASSERT_GE(m.headers.size(), 2U);
  EXPECT_EQ(m.headers[0], (std::pair<std::string, std::string>{"List-Unsubscribe", "<" + d.unsubscribe_url + ">"}));
  EXPECT_EQ(m.headers[1], (std::pair<std::string, std::string>{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}));
}

// The token of the link in the only email sent so far to `to`.
std::string link_token(FakeMail& mail, const std::string& path) {
  const auto sent = mail.take();
  EXPECT_EQ(sent.size(), 1U);
  if (sent.empty()) return "";
  const auto& text = sent[0].text;
  const auto at = text.find("https://chat.example.com" + path + "?token=");
  EXPECT_NE(at, std::string::npos) << text;
  if (at == std::string::npos) return "";
  const auto start = text.find('=', at) + 1;
  return text.substr(start, text.find_first_of(" \n", start) - start);
}

TEST_F(NotificationsTest, NoDigestBeforeTheAddressIsVerifiedThenWhatStaysUnreadComesOnce) {
  auto view = service_->notifications.settings(bob_);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->email_available);
  send(alice_, chat_.id, "Before");
  clock_.advance(60'000);
  run_jobs();
  EXPECT_TRUE(mail_.take().empty()) << "not verified";

  ASSERT_TRUE(service_->notifications.request_verification(bob_));
  run_jobs();
  const auto token = link_token(mail_, "/verify-email");
  EXPECT_FALSE(service_->notifications.verify_email(token + "x"));
  auto verified = service_->notifications.verify_email(token);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->settings.email_verified, verified->email_address);
  EXPECT_FALSE(service_->notifications.unsubscribe(token)) << "not an unsubscribe token";

  // Delay 15 "minutes" of a second: two messages, one read in time, the digest after the delay.
  const auto first = send(alice_, chat_.id, "Lunch <today>?");
  clock_.advance(2'000);
  send(alice_, chat_.id, "At noon");
  run_jobs();
  EXPECT_TRUE(mail_.take().empty()) << "not yet";
  ASSERT_TRUE(service_->messages.mark_read(bob_, first.id));
  clock_.advance(60'000);
  run_jobs();
  auto sent = mail_.take();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].subject, "1 unread message in alice");
  EXPECT_NE(sent[0].text.find("alice: At noon"), std::string::npos) << sent[0].text;
  EXPECT_EQ(sent[0].text.find("Lunch"), std::string::npos) << "read in time";
  clock_.advance(60'000);
  run_jobs();
  EXPECT_TRUE(mail_.take().empty()) << "once";

  // The unsubscribe link of the digest turns them off.
  const auto& text = sent[0].text;
  const auto at = text.find("/unsubscribe?token=");
  ASSERT_NE(at, std::string::npos);
  const auto start = at + std::string("/unsubscribe?token=").size();
  const auto off = service_->notifications.unsubscribe(text.substr(start, text.find('\n', start) - start));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->settings.email);
  send(alice_, chat_.id, "Still there?");
  clock_.advance(120'000);
  run_jobs();
  EXPECT_TRUE(mail_.take().empty());
}

TEST_F(NotificationsTest, AnEmailTheServerCouldNotTakeGoesAgainLater) {
  ASSERT_TRUE(service_->notifications.request_verification(bob_));
  mail_.answers.push_back({mail::MailOutcome::kRetry, "421 busy"});
  run_jobs();
  EXPECT_TRUE(mail_.take().empty());
  clock_.advance(30'000);
  run_jobs();
  EXPECT_FALSE(link_token(mail_, "/verify-email").empty()) << "sent on the second attempt";
}

}  // namespace
}  // namespace parley::chat
