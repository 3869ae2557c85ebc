// Tests of the Web Push sender against web-push-testing, a push service on loopback
// (PARLEY_TEST_PUSH_URL, from scripts/services.sh), which checks each request as a push service
// does (the VAPID token against the subscription's applicationServerKey, TTL, the aes128gcm
// body) and keeps the text it decrypted; and of how statuses are taken.
#include "push/push_sender.hpp"

#include "util/base64.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace parley::push {
namespace {

std::string service_url() {
  const char* url = std::getenv("PARLEY_TEST_PUSH_URL");
  if (url == nullptr || *url == '\0')
    throw std::runtime_error("PARLEY_TEST_PUSH_URL is not set: run under scripts/services.sh");
  return url;
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// POSTs JSON to the push service's API; its parsed answer.
boost::json::value post(const std::string& path, const boost::json::object& body) {
  CURL* curl = curl_easy_init();
  const std::string url = service_url() + path;
  const std::string text = boost::json::serialize(body);
  std::string answer;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  const auto code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) throw std::runtime_error("push service: " + std::string(curl_easy_strerror(code)));
  return answer.empty() || answer == "OK" ? boost::json::value() : boost::json::parse(answer);
}

struct Subscribed {
  PushMessage message;  // endpoint and keys filled in
  std::string client;   // the service's id of the subscription
};

Subscribed subscribe(const VapidKey& vapid) {
  const auto data = post("/subscribe", {{"userVisibleOnly", "true"}, {"applicationServerKey", vapid.public_key()}})
                        .as_object()
                        .at("data")
                        .as_object();
  Subscribed s;
  s.message.endpoint = std::string(data.at("endpoint").as_string());
  const auto& keys = data.at("keys").as_object();
  s.message.receiver.public_point = util::base64url_decode(keys.at("p256dh").as_string()).value();
  s.message.receiver.auth_secret = util::base64url_decode(keys.at("auth").as_string()).value();
  s.client = std::string(data.at("clientHash").as_string());
  return s;
}

std::vector<std::string> received(const std::string& client) {
  std::vector<std::string> texts;
  const auto data = post("/get-notifications", {{"clientHash", client}}).as_object().at("data").as_object();
  for (const auto& m : data.at("messages").as_array()) texts.emplace_back(m.as_string());
  return texts;
}

PushSenderOptions options() { return PushSenderOptions{"mailto:ops@parley.test", std::chrono::seconds(5)}; }

TEST(PushSender, TheServiceDecryptsWhatWasSentAndChecksTheToken) {
  PushSender sender(VapidKey(EcKey::generate()), options());
  auto s = subscribe(sender.vapid());
  for (const std::string& text :
       {std::string(R"({"chatId":"c1","title":"Ann","body":"Größe 東京 🎉"})"), std::string(kMaxPlaintext, 'x')}) {
    s.message.payload = text;
    s.message.topic = "chat-c1";
    s.message.urgency = "high";
    const auto r = sender.send(s.message);
    EXPECT_EQ(r.outcome, Outcome::kDelivered) << r.detail;
    EXPECT_EQ(r.status, 201);
  }
  const auto texts = received(s.client);
  ASSERT_EQ(texts.size(), 2U);
  EXPECT_EQ(texts[0], R"({"chatId":"c1","title":"Ann","body":"Größe 東京 🎉"})");
  EXPECT_EQ(texts[1].size(), kMaxPlaintext);
}

TEST(PushSender, AnExpiredSubscriptionIsGone) {
  PushSender sender(VapidKey(EcKey::generate()), options());
  auto s = subscribe(sender.vapid());
  s.message.payload = "first";
  ASSERT_EQ(sender.send(s.message).outcome, Outcome::kDelivered);
  post("/expire-subscription/" + s.client, {});
  s.message.payload = "second";
  const auto r = sender.send(s.message);
  EXPECT_EQ(r.outcome, Outcome::kGone) << r.detail;
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(received(s.client), std::vector<std::string>{"first"});
}

TEST(PushSender, AnotherServersKeyIsRefusedAndNothingArrives) {
  PushSender ours(VapidKey(EcKey::generate()), options());
  PushSender theirs(VapidKey(EcKey::generate()), options());
  auto s = subscribe(theirs.vapid());
  s.message.payload = "not for us";
  const auto r = ours.send(s.message);
  EXPECT_EQ(r.outcome, Outcome::kRefused) << r.detail;
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(received(s.client).empty());
}

TEST(PushSender, NoAnswerIsRetriedAndWhatCannotBeSentIsRefusedUnsent) {
  PushSender sender(VapidKey(EcKey::generate()), options());
  auto s = subscribe(sender.vapid());
  PushMessage nowhere = s.message;
  nowhere.endpoint = "http://127.0.0.1:1/notify/x";  // nothing listens on port 1
  nowhere.payload = "hello";
  const auto r = sender.send(nowhere);
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.detail.empty());

  s.message.payload = std::string(kMaxPlaintext + 1, 'x');
  EXPECT_EQ(sender.send(s.message).outcome, Outcome::kRefused);
  s.message.payload = "x";
  s.message.endpoint = "file:///etc/passwd";
  EXPECT_EQ(sender.send(s.message).outcome, Outcome::kRefused);
  EXPECT_TRUE(received(s.client).empty());
}

TEST(PushSender, StatusesAreTakenAsRfc8030Says) {
  EXPECT_EQ(outcome_of(201), Outcome::kDelivered);
  EXPECT_EQ(outcome_of(202), Outcome::kDelivered);
  EXPECT_EQ(outcome_of(404), Outcome::kGone);
  EXPECT_EQ(outcome_of(410), Outcome::kGone);
  EXPECT_EQ(outcome_of(429), Outcome::kRetry);
  EXPECT_EQ(outcome_of(500), Outcome::kRetry);
  EXPECT_EQ(outcome_of(503), Outcome::kRetry);
  EXPECT_EQ(outcome_of(0), Outcome::kRetry);
  EXPECT_EQ(outcome_of(400), Outcome::kRefused);
  EXPECT_EQ(outcome_of(401), Outcome::kRefused);
  EXPECT_EQ(outcome_of(413), Outcome::kRefused);
}

}  // namespace
}  // namespace parley::push
