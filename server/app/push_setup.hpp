// The Web Push sender of this server (push/push_sender.hpp), from the configuration.
#pragma once

#include "app/config.hpp"
#include "mail/smtp_sender.hpp"
#include "push/push_sender.hpp"
#include "store/store.hpp"

#include <memory>

namespace parley::app {

// None when push = "off". The VAPID key is push_vapid_private_key when configured; otherwise
// the one kept in the database (a setting every instance on it shares, so that a cluster signs
// with one key and browsers' subscriptions stay valid whichever instance pushes), generated
// by the first instance to start. Throws std::runtime_error for a configured key that is not
// one, or a database that cannot keep it.
std::unique_ptr<push::PushSender> open_push(const Config& c, store::Store& store);

// The SMTP sender of email digests; none without smtp_url.
std::unique_ptr<mail::SmtpSender> open_mail(const Config& c);
// public_url without a slash at the end, or http://localhost:<port>.
std::string public_url_of(const Config& c);

}  // namespace parley::app
