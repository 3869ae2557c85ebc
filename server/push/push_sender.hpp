// Sends Web Push messages (RFC 8030 §5) to push services over HTTP(S) with libcurl: the body
// encrypted for the subscription (web_push_crypto.hpp), `Content-Encoding: aes128gcm`, TTL,
// Urgency, Topic (a later message of the same topic replaces one not yet delivered), and the
// VAPID Authorization header. The answer is classified for the caller: delivered, gone (404 or
// 410: the subscription is dead, remove it), retry later (429, 5xx, or no answer; with the
// push service's Retry-After when it gave one), or refused (any other status: the request
// itself is wrong, retrying does not help).
//
// Threading: send() blocks for one HTTP exchange (bounded by the timeout) and may be called
// from many threads at once; connections are reused through a small pool of curl handles.
#pragma once

#include "push/web_push_crypto.hpp"
#include "util/curl_handles.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace parley::push {

struct PushMessage {
  std::string endpoint;  // the subscription's push resource (https://, or http:// on loopback in tests)
  Receiver receiver;     // its keys
  std::string payload;   // at most kMaxPlaintext bytes (encrypted here)
  std::chrono::seconds ttl{std::chrono::hours(24)};  // how long the push service may hold it
  std::string urgency = "normal";                    // very-low, low, normal or high (RFC 8030 §5.3)
  std::string topic;                                 // up to 32 base64url characters; empty: none (RFC 8030 §5.4)
};

enum class Outcome { kDelivered, kGone, kRetry, kRefused };

struct PushResult {
  Outcome outcome = Outcome::kRetry;
  long status = 0;                                  // 0: no answer
  std::optional<std::chrono::seconds> retry_after;  // from Retry-After (seconds form) with kRetry
  std::string detail;                               // for logs: the status and body, or curl's error
};

struct PushSenderOptions {
  std::string subject;  // the VAPID `sub`: a mailto: or https: URL for the push services
  std::chrono::seconds timeout{10};
};

// Where push messages go: the push services (PushSender), or a test's stand-in.
class PushChannel {
 public:
  virtual ~PushChannel() = default;
  // The applicationServerKey browsers subscribe with (base64url of the VAPID public key).
  virtual std::string public_key() const = 0;
  virtual PushResult send(const PushMessage& message) = 0;
};

class PushSender final : public PushChannel {
 public:
  PushSender(VapidKey vapid, PushSenderOptions options);
  PushSender(const PushSender&) = delete;
  PushSender& operator=(const PushSender&) = delete;

  const VapidKey& vapid() const { return vapid_; }
  std::string public_key() const override { return vapid_.public_key(); }
  PushResult send(const PushMessage& message) override;

 private:
  const VapidKey vapid_;
  const PushSenderOptions options_;
  util::CurlHandles handles_{8};
};

// How a status is taken (404/410 gone, 429/5xx retry, 2xx delivered, others refused).
Outcome outcome_of(long status);

}  // namespace parley::push
