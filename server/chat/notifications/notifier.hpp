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
// scopes), and as the chat's setting for them says (all, mentions only, nothing; muted): what
// concerns them (it answers or mentions them, holds one of their keywords, or continues a
// thread they follow) breaks through "mentions only" and a mute. A reaction to someone's
// message tells them too (kind notify_reaction, once per reactor and emoji), unless the chat
// is muted or at "nothing".
//
// Do not disturb (do_not_disturb.hpp) holds what would be pushed, but the mentions of the
// people it lets through: the held messages are kept in the store, and when it ends one
// summary push says how many arrived where (kind notify_summary, queued for its end).
//
// Threading: appended() from any thread (the send's worker); the handlers on the job runner's.
#pragma once

#include "chat/core.hpp"
#include "jobs/job_runner.hpp"
#include "mail/mail_channel.hpp"
#include "push/push_sender.hpp"

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace parley::chat {

// Email digests: where emails go (none: email is off), and the address the links in them lead
// to.
struct MailSetup {
  mail::MailChannel* channel = nullptr;
  std::string public_url;           // e.g. "https://chat.example.com", no slash at the end
  std::int64_t minute_ms = 60'000;  // a minute of the digests' delay (tests shorten it)
};

class Notifier {
 public:
  static constexpr std::string_view kMessageJob = "notify_message";
  static constexpr std::string_view kDeliveryJob = "push_delivery";
  static constexpr std::string_view kReactionJob = "notify_reaction";
  static constexpr std::string_view kSummaryJob = "notify_summary";
  static constexpr std::string_view kDigestJob = "email_digest";
  static constexpr std::string_view kMailJob = "email_delivery";
  // The channels of held notifications (store/notifications.hpp).
  static constexpr std::string_view kHeldForDnd = "dnd";
  static constexpr std::string_view kHeldForEmail = "email";

  // When the digest of a message of `at` goes, with a delay of `delay_ms`: the end of the next
  // period of that length, so that every message waited at least the delay and one period's
  // messages go together.
  static std::int64_t digest_time(std::int64_t at, std::int64_t delay_ms) { return (at / delay_ms + 2) * delay_ms; }

  // `channel`: where pushes go; null: push is off (nothing is queued). `mail`: email digests.
  Notifier(Core& core, push::PushChannel* channel, MailSetup mail = {});
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  bool enabled() const { return (channel_ != nullptr || mail_.channel != nullptr) && core_.jobs != nullptr; }
  bool pushes() const { return channel_ != nullptr && core_.jobs != nullptr; }
  bool emails() const { return mail_.channel != nullptr && core_.jobs != nullptr; }
  push::PushChannel* channel() const { return channel_; }
  const MailSetup& mail() const { return mail_; }

  // A message was committed in `chat`: queues its notification when someone may get one.
  void appended(const store::Chat& chat, const store::Message& message);
  // `reactor` put `emoji` on `message` (of someone else): queues telling its sender.
  void reacted(const store::Chat& chat, const store::Message& message, const std::string& reactor,
               const std::string& emoji);
  // `user_id`'s Do not disturb ended before its time (switched off): their summary now.
  void dnd_ended(const std::string& user_id);
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
  jobs::JobOutcome notify_reaction(const store::Job& job);
  jobs::JobOutcome summarize(const store::Job& job);
  jobs::JobOutcome digest(const store::Job& job);     // notifier_email.cpp
  jobs::JobOutcome send_mail(const store::Job& job);  // notifier_email.cpp
  // Emails `user_id` (their account's address) the link that verifies it.
  Result<void> send_verification(const std::string& user_id);
  // The key the links of emails are signed with, shared by the instances (read once).
  const std::string& token_key();

 private:
  // Whether someone of the chat's participants but `sender` may have a subscription.
  bool may_have_targets(const store::Chat& chat, const std::string& sender);
  // Sends `payload` to one subscription; queues a later attempt when the push service asks.
  void push_to(const store::PushSubscription& subscription, const std::string& payload, const std::string& topic,
               const std::string& message_id);
  // Keeps a message held from `user_id` on `channel` (kHeldForDnd, kHeldForEmail) and queues
  // what tells of it at `until` (the summary, the digest).
  bool hold(const std::string& user_id, const store::Message& message, std::string_view channel, std::int64_t until);
  void queue_summary(const std::string& user_id, std::int64_t at);
  void queue_digest(const std::string& user_id, std::int64_t at);
  // Queues an email to go as soon as possible, and again after a failure (kMailJob).
  void queue_mail(const mail::MailMessage& message, const std::string& dedupe_key);
  // The name `user_id` sees for `chat`: its title, or the other participant's name.
  std::string chat_name(const store::Chat& chat, const std::string& user_id);

  Core& core_;
  push::PushChannel* const channel_;
  const MailSetup mail_;

  // Who has a subscription, as this instance knows: read from the store every kRefreshMs (other
  // instances' changes), and changed at once by this instance's own.
  static constexpr std::int64_t kRefreshMs = 30'000;
  std::mutex mutex_;
  std::unordered_set<std::string> with_push_;      // guarded by mutex_
  std::int64_t loaded_at_ = -1;                    // guarded by mutex_; -1: never
  std::function<void(const std::string&)> peers_;  // set before requests
  std::once_flag key_once_;
  std::string token_key_;
};

}  // namespace parley::chat
