// An email as it goes over SMTP: RFC 5322 headers (the subject as RFC 2047 encoded words when
// it is not ASCII) and a MIME multipart/alternative body with its text and HTML parts in base64,
// lines ending in CRLF. Pure functions, safe from any thread.
#pragma once

#include "mail/mail_channel.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::mail {

// The address of a mailbox such as "Parley <chat@example.com>" or "chat@example.com": what goes
// between the angle brackets; empty when there is no plausible address.
std::string address_of(std::string_view mailbox);

// A header value as one line: CR, LF and other control characters become spaces.
std::string header_value(std::string_view value);

// "=?UTF-8?B?...?=" words (each at most 75 characters, folded onto continuation lines) for a
// text that is not printable ASCII; the text itself otherwise.
std::string encoded_words(std::string_view text);

// The whole message, from `from` (a mailbox) at `date_ms` (epoch ms), with Message-ID
// <`id`@domain of from>; `boundary` separates the parts (random in use, fixed in tests).
std::string render(const MailMessage& message, std::string_view from, std::int64_t date_ms, std::string_view id,
                   std::string_view boundary);

}  // namespace parley::mail
