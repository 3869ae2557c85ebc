// The notifier: people who are not looking hear of new messages on their devices, through Web
// Push. A committed message whose chat has someone with a push subscription becomes a job
// (kind notify_message, deduplicated by the message's id), so that of any number of instances
// exactly one claims it; its handler decides who is told and sends one push per subscription.
// A push service that answers "gone" (404, 410) has the subscription removed; one that answers
// "later" (429, 5xx, no answer) gets that one push again, as a job of its own (push_delivery)
// with backoff, so that the devices already told are not told twice.
//
// Whether a chat has someone with a subscription is known without the store: each instance
// keeps who has one (read every 30 s, changed by its own subscriptions at once and by the other
// instances' over the cluster's notices), so a send to people without push costs nothing.
//
// Who is told (notify_rules.hpp): the chat's participants but the sender, with a subscription,
// push on in their settings, not reading the chat on any device now (bus::Presence's reading
// scopes), and as the chat's setting for them says (all, mentions only, nothing; muted).
//
// Threading: appended() from any thread (the send's worker); the handlers on the job runner's.
#pragma once

#include "chat/core.hpp"
#include "jobs/job_runner.hpp"
#include "push/push_sender.hpp"

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace parley::chat {

class Notifier {
 public:
  static constexpr std::string_view kMessageJob = "notify_message";
  static constexpr std::string_view kDeliveryJob = "push_delivery";

  // `channel`: where pushes go; null: push is off (nothing is queued).
  Notifier(Core& core, push::PushChannel* channel);
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  bool enabled() const { return channel_ != nullptr && core_.jobs != nullptr; }
  push::PushChannel* channel() const { return channel_; }

  // A message was committed in `chat`: queues its notification when someone may get one.
  void appended(const store::Chat& chat, const store::Message& message);
  // `user_id` added or removed a subscription (on this instance): whether they have one now.
  void subscriptions_changed(const std::string& user_id, bool has_any);
  // The cluster: `tell` carries a user who has a subscription now to the other instances, whose
  // heard() takes it (app/server.cpp, over the adapter's notices); forget() makes the next
  // message read who has one from the store (the notices were interrupted).
  void set_peers(std::function<void(const std::string& user_id)> tell);
  void heard(const std::string& user_id);
  void forget();

  // The job handlers (public for tests that run them without a runner).
  jobs::JobOutcome notify_message(const store::Job& job);
  jobs::JobOutcome deliver(const store::Job& job);

 private:
  // Whether someone of the chat's participants but `sender` may have a subscription.
  bool may_have_targets(const store::Chat& chat, const std::string& sender);
  // Sends `payload` to one subscription; queues a later attempt when the push service asks.
  void push_to(const store::PushSubscription& subscription, const std::string& payload, const std::string& topic,
               const std::string& message_id);

  Core& core_;
  push::PushChannel* const channel_;

  // Who has a subscription, as this instance knows: read from the store every kRefreshMs (other
  // instances' changes), and changed at once by this instance's own.
  static constexpr std::int64_t kRefreshMs = 30'000;
  std::mutex mutex_;
  std::unordered_set<std::string> with_push_;      // guarded by mutex_
  std::int64_t loaded_at_ = -1;                    // guarded by mutex_; -1: never
  std::function<void(const std::string&)> peers_;  // set before requests
};

}  // namespace parley::chat
