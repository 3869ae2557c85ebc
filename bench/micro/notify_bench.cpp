// Micro-benchmarks of notifications, per person told: encrypting a push for one subscription
// (RFC 8291: a fresh P-256 key, ECDH, HKDF, AES-128-GCM), the VAPID token of a push request
// (an ES256 signature), and the rules a notification job applies to each person: their
// settings document read, Do not disturb's clock in their time zone, their keywords.
#include "chat/notifications/do_not_disturb.hpp"
#include "chat/notifications/notification_settings.hpp"
#include "chat/notifications/notify_rules.hpp"
#include "push/web_push_crypto.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace parley;

const std::string kPayload =
    R"({"chatId":"0193a5b2-7c1d-7e3f-9a4b-5c6d7e8f9a0b","messageId":"0193a5b2-7c1d-7e3f-9a4b-5c6d7e8f9a0c",)"
    R"("title":"Design","body":"Ann: The release plan is out, see the thread for the dates","at":1796605323000})";

void BM_WebPushEncrypt(benchmark::State& state) {
  const auto browser = push::EcKey::generate();
  const push::Receiver receiver{browser.public_point(), std::string(16, 's')};
  for (auto _ : state) benchmark::DoNotOptimize(push::encrypt(kPayload, receiver));
}
BENCHMARK(BM_WebPushEncrypt);

void BM_VapidAuthorization(benchmark::State& state) {
  const push::VapidKey vapid(push::EcKey::generate());
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        vapid.authorization("https://fcm.googleapis.com/fcm/send/abc", "mailto:ops@example.com", 1796605323));
  }
}
BENCHMARK(BM_VapidAuthorization);

// A settings document with everything set: keywords, a time zone, quiet hours, people let through.
std::string full_settings() {
  chat::NotificationSettings s;
  s.keywords = {"deploy", "release plan", "on call", "incident", "billing"};
  s.time_zone = "Europe/Berlin";
  s.dnd.schedule = chat::QuietHours{.enabled = true, .start = 22 * 60, .end = 7 * 60, .days = 0x7f};
  s.dnd.allow = {"0193a5b2-7c1d-7e3f-9a4b-5c6d7e8f9a0b", "0193a5b2-7c1d-7e3f-9a4b-5c6d7e8f9a0d"};
  return chat::settings_document(s);
}

void BM_RulesPerPerson(benchmark::State& state) {
  const auto document = full_settings();
  const std::string text = "The release plan is out, see the thread for the dates of the billing freeze";
  std::int64_t now = 1'768'512'600'000;
  for (auto _ : state) {
    const auto s = chat::settings_from(document);
    benchmark::DoNotOptimize(chat::dnd_until(s, now));
    benchmark::DoNotOptimize(chat::has_keyword(text, s.keywords));
    now += 61'000;
  }
}
BENCHMARK(BM_RulesPerPerson);

}  // namespace
