#include "app/push_setup.hpp"

#include "util/base64.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace parley::app {

std::unique_ptr<push::PushSender> open_push(const Config& c, store::Store& store) {
  if (c.push == "off") return nullptr;
  std::string encoded = c.push_vapid_private_key;
  if (encoded.empty()) {
    const auto fresh = util::base64url_encode(push::EcKey::generate().private_scalar());
    auto shared = store.shared_setting("vapid_private_key", fresh);
    if (!shared) throw std::runtime_error("database: cannot read or store the Web Push (VAPID) key");
    encoded = std::move(*shared);
  }
  auto scalar = util::base64url_decode(encoded);
  auto key = scalar ? push::EcKey::from_private(*scalar) : std::nullopt;
  if (!key) throw std::runtime_error("push_vapid_private_key: not the base64url of a P-256 private key");
  push::VapidKey vapid(std::move(*key));
  spdlog::info("web push: on, VAPID public key {}", vapid.public_key());
  push::PushSenderOptions options;
  options.subject = c.push_subject;
  return std::make_unique<push::PushSender>(std::move(vapid), options);
}

std::unique_ptr<mail::SmtpSender> open_mail(const Config& c) {
  if (c.smtp_url.empty()) return nullptr;
  mail::SmtpOptions o;
  o.url = c.smtp_url;
  o.from = c.smtp_from;
  o.user = c.smtp_user;
  o.password = c.smtp_password;
  o.require_starttls = c.smtp_starttls == "required";
  return std::make_unique<mail::SmtpSender>(std::move(o));
}

std::string public_url_of(const Config& c) {
  std::string url = c.public_url.empty() ? "http://localhost:" + std::to_string(c.port) : c.public_url;
  while (url.ends_with('/')) url.pop_back();
  return url;
}

}  // namespace parley::app
