// Where emails go: one message to one recipient at a time, as the domain composed it (plain
// text and HTML, and headers such as List-Unsubscribe), answered with what became of it. The
// SMTP sender (smtp_sender.hpp) is the one implementation; tests use stand-ins.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace parley::mail {

struct MailMessage {
  std::string to;                                            // one address
  std::string subject;                                       // UTF-8
  std::string text;                                          // the text/plain part, UTF-8
  std::string html;                                          // the text/html part, UTF-8; none when empty
  std::vector<std::pair<std::string, std::string>> headers;  // more headers (ASCII values)
};

enum class MailOutcome {
  kSent,     // the server took it
  kRetry,    // not now: no connection, a timeout, a 4xx reply
  kRefused,  // never: a 5xx reply (a bad address, a message too large)
};

struct MailResult {
  MailOutcome outcome = MailOutcome::kSent;
  std::string detail;  // what went wrong, for the logs
};

class MailChannel {
 public:
  virtual ~MailChannel() = default;
  virtual MailResult send(const MailMessage& message) = 0;
};

}  // namespace parley::mail
