// The emails Parley sends a person: the digest of what stayed unread (by chat, the latest lines
// of each with who wrote them and when on the person's clock, a link into each chat, and a
// one-click unsubscribe: List-Unsubscribe and List-Unsubscribe-Post, RFC 8058), and the
// message that asks them to verify their address. Plain text and HTML. Pure; safe from any
// thread.
#pragma once

#include "mail/mail_channel.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace parley::chat {

struct DigestLine {
  std::string sender;
  std::string text;  // empty without previews
  std::int64_t at = 0;
};

struct DigestChat {
  std::string chat_id;
  std::string name;  // the group's title, or the other person's name
  std::int64_t unread = 0;
  std::vector<DigestLine> lines;  // the latest few, oldest first
};

struct Digest {
  std::string to;  // the address
  std::string name;
  std::vector<DigestChat> chats;  // the chat with the latest first
  std::string time_zone;
  std::string public_url;        // no slash at the end
  std::string unsubscribe_url;   // the one-click address (RFC 8058: POST), in List-Unsubscribe
  std::string unsubscribe_page;  // the page that asks before unsubscribing, linked in the text
  std::string settings_url;
};

// How many lines a chat shows at most.
inline constexpr std::size_t kDigestLinesPerChat = 5;

mail::MailMessage digest_email(const Digest& digest);
// "Verify your email address": the link to follow, valid for `hours`.
mail::MailMessage verification_email(const std::string& to, const std::string& name, const std::string& link,
                                     int hours);

// `text` with &, <, >, " and ' escaped for HTML.
std::string html_escape(std::string_view text);

}  // namespace parley::chat
