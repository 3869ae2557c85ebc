// Sends emails over SMTP with libcurl: smtp:// (STARTTLS when the server offers it, or always
// with `starttls` required) or smtps:// (TLS from the start), with a user and password when
// given (or in the URL). A reply in 4xx, a connection that fails or times out: retry later; a
// 5xx reply: refused. Thread-safe; each send is one SMTP session.
#pragma once

#include "mail/mail_channel.hpp"

#include <chrono>
#include <string>

namespace parley::mail {

struct SmtpOptions {
  std::string url;   // smtp://host:port or smtps://host:port
  std::string from;  // the From mailbox, "Parley <chat@example.com>"
  std::string user;
  std::string password;
  bool require_starttls = false;  // smtp:// only: refuse to send in the clear
  std::chrono::seconds timeout{30};
};

class SmtpSender final : public MailChannel {
 public:
  explicit SmtpSender(SmtpOptions options);
  MailResult send(const MailMessage& message) override;

 private:
  SmtpOptions options_;
};

}  // namespace parley::mail
