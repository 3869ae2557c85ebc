#include "push/push_sender.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

namespace parley::push {
namespace {

constexpr std::size_t kMaxAnswer = 4096;  // of a push service's body, kept for the logs

struct Exchange {
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  exchange->body.append(data, std::min(n, kMaxAnswer - std::min(kMaxAnswer, exchange->body.size())));
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name != "retry-after") return n;
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end != value.data() && seconds >= 0) exchange->retry_after = std::chrono::seconds(seconds);
  return n;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  bool add(const std::string& line) {
    auto* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) return false;
    list = next;
    return true;
  }
};

}  // namespace

Outcome outcome_of(long status) {
  if (status >= 200 && status < 300) return Outcome::kDelivered;
  if (status == 404 || status == 410) return Outcome::kGone;
  if (status == 429 || status >= 500 || status == 0) return Outcome::kRetry;
  return Outcome::kRefused;
}

PushSender::PushSender(VapidKey vapid, PushSenderOptions options)
    : vapid_(std::move(vapid)), options_(std::move(options)) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

PushResult PushSender::send(const PushMessage& message) {
  PushResult result;
  const auto body = encrypt(message.payload, message.receiver);
  if (!body) {
    result.outcome = Outcome::kRefused;
    result.detail = "cannot encrypt for this subscription (its keys, or a payload over " +
                    std::to_string(kMaxPlaintext) + " bytes)";
    return result;
  }
  // A token for 12 hours (RFC 8292 allows up to 24).
  const auto expires = static_cast<std::int64_t>(std::time(nullptr)) + 12 * 3600;
  const auto authorization = vapid_.authorization(message.endpoint, options_.subject, expires);
  if (!authorization) {
    result.outcome = Outcome::kRefused;
    result.detail = "not an http(s) endpoint";
    return result;
  }
  HeaderList headers;
  bool listed = headers.add("Authorization: " + *authorization) && headers.add("Content-Encoding: aes128gcm") &&
                headers.add("Content-Type: application/octet-stream") &&
                headers.add("TTL: " + std::to_string(message.ttl.count())) &&
                headers.add("Urgency: " + message.urgency) && headers.add("Expect:");
  if (!message.topic.empty()) listed = listed && headers.add("Topic: " + message.topic);
  CURL* curl = handles_.acquire();
  if (!listed || curl == nullptr) {
    if (curl != nullptr) handles_.release(curl);
    result.detail = "out of memory";
    return result;
  }
  Exchange exchange;
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, message.endpoint.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  handles_.release(curl);
  if (code != CURLE_OK) {
    result.outcome = Outcome::kRetry;
    result.detail = curl_easy_strerror(code);
    return result;
  }
  result.outcome = outcome_of(result.status);
  if (result.outcome == Outcome::kRetry) result.retry_after = exchange.retry_after;
  result.detail = "HTTP " + std::to_string(result.status);
  if (!exchange.body.empty() && result.outcome != Outcome::kDelivered) result.detail += ": " + exchange.body;
  return result;
}

}  // namespace parley::push
