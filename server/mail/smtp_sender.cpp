#include "mail/smtp_sender.hpp"

#include "mail/mail_format.hpp"
#include "util/ids.hpp"
#include "util/random.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>

namespace parley::mail {

namespace {

struct Upload {
  std::string_view rest;
};

std::size_t read_part(char* buffer, std::size_t size, std::size_t count, void* data) {
  auto* up = static_cast<Upload*>(data);
  const auto n = std::min(size * count, up->rest.size());
  std::memcpy(buffer, up->rest.data(), n);
  up->rest.remove_prefix(n);
  return n;
}

struct Recipients {
  curl_slist* list = nullptr;
  ~Recipients() { curl_slist_free_all(list); }
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SmtpSender::SmtpSender(SmtpOptions options) : options_(std::move(options)) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

MailResult SmtpSender::send(const MailMessage& message) {
  const auto from = address_of(options_.from);
  const auto to = address_of(message.to);
  if (from.empty()) return {MailOutcome::kRefused, "smtp_from has no address"};
  if (to.empty()) return {MailOutcome::kRefused, "not an address: " + message.to};
  const auto text = render(message, options_.from, now_ms(), util::uuid_v7(), "=_parley_" + util::random_id(12));

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return {MailOutcome::kRetry, "curl_easy_init failed"};
  Recipients rcpt;
  rcpt.list = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  const auto envelope_from = "<" + from + ">";
  Upload upload{text};
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt.list);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_part);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, options_.require_starttls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!options_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_easy_cleanup(curl);
  if (code == CURLE_OK) return {MailOutcome::kSent, ""};
  std::string detail = curl_easy_strerror(code);
  if (reply > 0) detail += " (SMTP " + std::to_string(reply) + ")";
  if (reply >= 500 && reply < 600) return {MailOutcome::kRefused, detail};
  return {MailOutcome::kRetry, detail};
}

}  // namespace parley::mail
