// The notifications tests' fixture: the services with a job runner and a stand-in push channel
// that records what would be pushed and answers as a test tells it, and the requests the tests
// make. Header-only, for chat_test.
#pragma once

#include "chat/services_fixture.hpp"
#include "util/base64.hpp"

#include <boost/json/parse.hpp>

#include <deque>
#include <map>
#include <mutex>
#include <utility>

namespace parley::chat {

namespace json = boost::json;

// Records what would be pushed; answers as told per endpoint (delivered by default).
inline push::PushResult answer(push::Outcome outcome, long status,
                               std::optional<std::chrono::seconds> retry_after = {}) {
  push::PushResult r;
  r.outcome = outcome;
  r.status = status;
  r.retry_after = retry_after;
  return r;
}

class FakeChannel final : public push::PushChannel {
 public:
  std::string public_key() const override { return "BKeyOfTheServer"; }
  push::PushResult send(const push::PushMessage& m) override {
    std::lock_guard lock(mutex_);
    sent.push_back(m);
    auto& script = answers[m.endpoint];
    if (script.empty()) return answer(push::Outcome::kDelivered, 201);
    auto r = script.front();
    script.pop_front();
    return r;
  }
  std::vector<push::PushMessage> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(sent, {});
  }

  std::map<std::string, std::deque<push::PushResult>> answers;
  std::vector<push::PushMessage> sent;

 private:
  std::mutex mutex_;
};

// Muted until `until` (nullopt: unmuted), with the level kept (or set).
inline ChatNotifyChange mute(std::optional<std::int64_t> until, std::optional<std::string> level = std::nullopt) {
  ChatNotifyChange c;
  c.level = std::move(level);
  c.muted_until.emplace(until);
  return c;
}

inline ChatNotifyChange level(std::string name) {
  ChatNotifyChange c;
  c.level = std::move(name);
  return c;
}

inline NotificationChange previews(bool on) {
  NotificationChange c;
  c.previews = on;
  return c;
}

inline NotificationChange push_on(bool on) {
  NotificationChange c;
  c.push = on;
  return c;
}

inline Links reply_to(const std::string& id) {
  Links l;
  l.reply_to_id = id;
  return l;
}

inline Links in_thread(const std::string& id) {
  Links l;
  l.thread_root_id = id;
  return l;
}

inline std::string b64(std::string_view bytes) { return util::base64url_encode(bytes); }

inline SubscriptionRequest device(const std::string& endpoint) {
  return {.endpoint = endpoint,
          .p256dh = b64("\x04" + std::string(64, 'k')),
          .auth = b64(std::string(16, 's')),
          .label = "Firefox on Linux"};
}

// Records the emails it is given; refuses or defers them when a test says so.
class FakeMail final : public mail::MailChannel {
 public:
  mail::MailResult send(const mail::MailMessage& m) override {
    std::lock_guard lock(mutex_);
    if (!answers.empty()) {
      auto r = answers.front();
      answers.pop_front();
      if (r.outcome != mail::MailOutcome::kSent) return r;
    }
    sent.push_back(m);
    return {};
  }
  std::vector<mail::MailMessage> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(sent, {});
  }

  std::deque<mail::MailResult> answers;
  std::vector<mail::MailMessage> sent;

 private:
  std::mutex mutex_;
};

class NotificationsTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    service_.reset();
    runner_ = std::make_unique<jobs::JobRunner>(*store::jobs_of(*store_), workers_, clock_);
    ChatOptions o;
    o.messages_burst = 1000;
    // A minute of the digests' delay lasts a second.
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_, runner_.get(), nullptr,
                                          &channel_, MailSetup{&mail_, "https://chat.example.com", 1000});
    chat_ = *service_->conversations.open_private_chat(alice_, bob_);
  }
  void TearDown() override {
    runner_->stop();
    service_.reset();
    runner_.reset();
    ServicesTest::TearDown();
  }

  // Runs the jobs due now until none is left.
  void run_jobs() {
    while (runner_->poll_once() > 0) runner_->wait_idle();
    runner_->wait_idle();
  }
  store::Message send(const std::string& from, const std::string& chat_id, const std::string& text, Links links = {}) {
    SendRequest request;
    request.chat_id = chat_id;
    request.content = text;
    request.links = std::move(links);
    auto r = service_->messages.send_messages(from, {request});
    EXPECT_TRUE(r.at(0)) << "send";
    return r.at(0)->message;
  }
  // The pushes sent since the last call, as their JSON payloads by endpoint.
  std::vector<std::pair<std::string, json::object>> pushed() {
    std::vector<std::pair<std::string, json::object>> out;
    for (const auto& m : channel_.take()) out.emplace_back(m.endpoint, json::parse(m.payload).as_object());
    return out;
  }

  util::WorkerPool workers_{"test-jobs", 2};
  std::unique_ptr<jobs::JobRunner> runner_;
  FakeChannel channel_;
  FakeMail mail_;
  store::Chat chat_;
  const std::string bob_phone_ = "https://push.example.com/bob-phone";
};

}  // namespace parley::chat
