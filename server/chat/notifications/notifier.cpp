#include "chat/notifications/notifier.hpp"

#include "chat/messages/mentions.hpp"
#include "chat/notifications/do_not_disturb.hpp"
#include "chat/notifications/notify_rules.hpp"
#include "util/base64.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_set>
#include <vector>

namespace parley::chat {

namespace json = boost::json;

namespace {

constexpr int kDeliveryAttempts = 6;

// A string field of a job's payload; empty when absent.
std::string field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<json::object> payload_of(const store::Job& job) {
  boost::system::error_code ec;
  auto v = json::parse(job.payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

std::optional<push::Receiver> receiver_of(const std::string& p256dh, const std::string& auth) {
  auto point = util::base64url_decode(p256dh);
  auto secret = util::base64url_decode(auth);
  if (!point || !secret) return std::nullopt;
  return push::Receiver{std::move(*point), std::move(*secret)};
}

push::PushMessage push_message(std::string endpoint, push::Receiver receiver, std::string payload, std::string topic) {
  push::PushMessage m;
  m.endpoint = std::move(endpoint);
  m.receiver = std::move(receiver);
  m.payload = std::move(payload);
  m.topic = std::move(topic);
  return m;
}

}  // namespace

Notifier::Notifier(Core& core, push::PushChannel* channel, MailSetup mail)
    : core_(core), channel_(channel), mail_(std::move(mail)) {
  if (!enabled()) return;
  if (auto users = core_.store.notifiable_users()) {
    with_push_.insert(users->begin(), users->end());
    loaded_at_ = core_.now();
  }
  core_.jobs->handle(
      std::string(kMessageJob), [this](const store::Job& job) { return notify_message(job); },
      jobs::JobKindOptions{.lease_ms = 2 * 60'000, .backoff = store::Backoff{.first_ms = 2'000, .max_ms = 60'000}});
  if (emails()) {
    core_.jobs->handle(
        std::string(kDigestJob), [this](const store::Job& job) { return digest(job); },
        jobs::JobKindOptions{.lease_ms = 2 * 60'000, .backoff = store::Backoff{.first_ms = 5'000, .max_ms = 300'000}});
    core_.jobs->handle(
        std::string(kMailJob), [this](const store::Job& job) { return send_mail(job); },
        jobs::JobKindOptions{.lease_ms = 2 * 60'000,
                             .backoff = store::Backoff{.first_ms = 30'000, .max_ms = 3'600'000}});
  }
  if (!pushes()) return;
  core_.jobs->handle(
      std::string(kDeliveryJob), [this](const store::Job& job) { return deliver(job); },
      jobs::JobKindOptions{.lease_ms = 60'000, .backoff = store::Backoff{.first_ms = 5'000, .max_ms = 600'000}});
  core_.jobs->handle(
      std::string(kReactionJob), [this](const store::Job& job) { return notify_reaction(job); },
      jobs::JobKindOptions{.lease_ms = 60'000, .backoff = store::Backoff{.first_ms = 2'000, .max_ms = 60'000}});
  core_.jobs->handle(
      std::string(kSummaryJob), [this](const store::Job& job) { return summarize(job); },
      jobs::JobKindOptions{.lease_ms = 60'000, .backoff = store::Backoff{.first_ms = 5'000, .max_ms = 300'000}});
}

bool Notifier::may_have_targets(const store::Chat& chat, const std::string& sender) {
  // A group too large to list its members here: the job finds out.
  if (chat.participants_truncated) return true;
  const auto now = core_.now();
  std::unique_lock lock(mutex_);
  if (loaded_at_ < 0 || now - loaded_at_ >= kRefreshMs) {
    loaded_at_ = now;  // one refresh at a time; others use what is known meanwhile
    lock.unlock();
    auto users = core_.store.notifiable_users();
    lock.lock();
    if (users) {
      with_push_.clear();
      with_push_.insert(users->begin(), users->end());
    } else {
      return true;  // unknown: the job finds out
    }
  }
  return std::any_of(chat.participants.begin(), chat.participants.end(),
                     [&](const std::string& p) { return p != sender && with_push_.contains(p); });
}

void Notifier::subscriptions_changed(const std::string& user_id, bool has_any) {
  {
    std::lock_guard lock(mutex_);
    if (has_any) {
      with_push_.insert(user_id);
    } else {
      with_push_.erase(user_id);
    }
  }
  if (has_any && peers_) peers_(user_id);
}

void Notifier::set_peers(std::function<void(const std::string&)> tell) { peers_ = std::move(tell); }

void Notifier::heard(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  with_push_.insert(user_id);
}

void Notifier::forget() {
  std::lock_guard lock(mutex_);
  loaded_at_ = -1;
}

void Notifier::appended(const store::Chat& chat, const store::Message& message) {
  if (!enabled() || message.kind == "system" || message.deleted_at) return;
  if (!may_have_targets(chat, message.sender_id)) return;
  store::NewJob job;
  job.kind = std::string(kMessageJob);
  job.payload = json::serialize(json::object{{"messageId", message.id}, {"chatId", chat.id}});
  job.run_at = core_.now();
  job.max_attempts = 5;
  job.dedupe_key = "notify:" + message.id;
  if (auto r = core_.jobs->enqueue(job); !r) {
    spdlog::warn("notifications: message {}: cannot queue its notification", message.id);
  }
}

void Notifier::reacted(const store::Chat& chat, const store::Message& message, const std::string& reactor,
                       const std::string& emoji) {
  if (!pushes() || message.sender_id == reactor || message.deleted_at) return;
  {
    std::lock_guard lock(mutex_);
    if (loaded_at_ >= 0 && !with_push_.contains(message.sender_id)) return;
  }
  store::NewJob job;
  job.kind = std::string(kReactionJob);
  job.payload = json::serialize(json::object{
      {"messageId", message.id}, {"chatId", chat.id}, {"reactorId", reactor}, {"emoji", emoji}, {"at", core_.now()}});
  job.run_at = core_.now();
  job.max_attempts = 5;
  // Once per reactor and emoji: taking it back and putting it on again tells nobody twice.
  job.dedupe_key = "react:" + message.id + ":" + reactor + ":" + emoji;
  if (auto r = core_.jobs->enqueue(job); !r) spdlog::warn("notifications: cannot queue a reaction's notification");
}

void Notifier::dnd_ended(const std::string& user_id) {
  if (pushes()) queue_summary(user_id, core_.now());
}

void Notifier::queue_summary(const std::string& user_id, std::int64_t at) {
  store::NewJob job;
  job.kind = std::string(kSummaryJob);
  job.payload = json::serialize(json::object{{"userId", user_id}});
  job.run_at = at;
  job.max_attempts = 5;
  job.dedupe_key = "dnd:" + user_id + ":" + std::to_string(at);
  if (auto r = core_.jobs->enqueue(job); !r) spdlog::warn("notifications: cannot queue a summary for {}", user_id);
}

bool Notifier::hold(const std::string& user_id, const store::Message& message, std::string_view channel,
                    std::int64_t until) {
  const store::HeldNotification held{.user_id = user_id,
                                     .channel = std::string(channel),
                                     .chat_id = message.chat_id,
                                     .message_id = message.id,
                                     .at = message.created_at};
  if (!core_.store.hold_notification(held)) return false;
  if (channel == kHeldForEmail) {
    queue_digest(user_id, until);
  } else if (until < kForeverJson) {
    queue_summary(user_id, until);  // switched on until switched off: the switch queues it then
  }
  return true;
}

std::string Notifier::chat_name(const store::Chat& chat, const std::string& user_id) {
  if (chat.group) return chat.group->title;
  for (const auto& p : chat.participants) {
    if (p == user_id) continue;
    if (auto u = core_.store.user_by_id(p)) return u->name;
  }
  return "a chat";
}

jobs::JobOutcome Notifier::notify_message(const store::Job& job) {
  auto payload = payload_of(job);
  if (!payload) return jobs::JobOutcome::give_up("payload is not a JSON object");
  auto m = core_.store.message_by_id(field(*payload, "messageId"));
  if (!m) {
    if (m.error() == store::Errc::kNotFound) return jobs::JobOutcome::give_up("no such message");
    return jobs::JobOutcome::retry("store unavailable");
  }
  if (m->deleted_at) return jobs::JobOutcome::done();
  auto chat = core_.store.chat_by_id(m->chat_id);
  if (!chat) return jobs::JobOutcome::retry("store unavailable");
  auto targets = core_.store.notify_targets(m->chat_id, m->sender_id);
  if (!targets) return jobs::JobOutcome::retry("store unavailable");
  // Nobody hears of a message from someone they blocked.
  auto known = core_.privacy.snapshot();
  if (!known) return jobs::JobOutcome::retry("privacy settings unavailable");
  std::erase_if(*targets, [&](const store::NotifyTarget& t) { return (*known)->blocked(t.user_id, m->sender_id); });
  if (targets->empty()) return jobs::JobOutcome::done();

  // Those reading the chat on some device now are left out.
  std::vector<std::string> ids;
  for (const auto& t : *targets) ids.push_back(t.user_id);
  const auto reading_list = core_.presence.receiving(ids, std::string(bus::Presence::kReadingPrefix) + m->chat_id);
  const std::unordered_set<std::string> reading(reading_list.begin(), reading_list.end());

  // Whom the message answers: the sender of the message it replies to, and of its thread's root;
  // and, for a thread reply, who follows the thread.
  std::unordered_set<std::string> answered;
  for (const auto& id : {m->reply_to_id, m->thread_root_id}) {
    if (!id) continue;
    if (auto target = core_.store.message_by_id(*id)) answered.insert(target->sender_id);
  }
  if (m->thread_root_id) {
    auto followers = core_.store.thread_followers(*m->thread_root_id);
    if (!followers) return jobs::JobOutcome::retry("store unavailable");
    answered.insert(followers->begin(), followers->end());
  }
  std::string sender_name = "Someone";
  if (auto sender = core_.store.user_by_id(m->sender_id)) sender_name = sender->name;

  const auto now = core_.now();
  const auto topic = push_topic(m->chat_id);
  for (const auto& t : *targets) {
    if (reading.contains(t.user_id)) continue;
    const auto settings = settings_from(t.settings);
    const bool push = pushes() && settings.push && !t.subscriptions.empty();
    const bool email = emails() && t.emails;
    if (!push && !email) continue;
    const bool mentioned = mentions(*m, t.user_id);
    const bool concerns = mentioned || answered.contains(t.user_id) || has_keyword(m->content, settings.keywords);
    if (!should_notify(t.chat, MessageForUser{.concerns = concerns, .in_timeline = m->in_timeline()}, now)) continue;
    // Do not disturb holds what it does not let through (the mentions of the people it allows).
    const auto quiet = dnd_until(settings, now);
    const auto& allow = settings.dnd.allow;
    const bool held = quiet && !(mentioned && std::find(allow.begin(), allow.end(), m->sender_id) != allow.end());
    if (push && held && !hold(t.user_id, *m, kHeldForDnd, *quiet)) return jobs::JobOutcome::retry("store unavailable");
    if (push && !held) {
      const auto body = push_payload(*chat, *m, sender_name, settings.previews, concerns);
      for (const auto& s : t.subscriptions) push_to(s, body, topic, m->id);
    }
    // The digest, unless Do not disturb holds it (its summary tells).
    if (email && !held) {
      const std::int64_t delay = std::int64_t{settings.email_delay_minutes} * mail_.minute_ms;
      if (!hold(t.user_id, *m, kHeldForEmail, digest_time(m->created_at, delay))) {
        return jobs::JobOutcome::retry("store unavailable");
      }
    }
  }
  return jobs::JobOutcome::done();
}

void Notifier::push_to(const store::PushSubscription& subscription, const std::string& payload,
                       const std::string& topic, const std::string& message_id) {
  auto receiver = receiver_of(subscription.p256dh, subscription.auth);
  if (!receiver) return;  // checked when subscribed
  const auto result = channel_->send(push_message(subscription.endpoint, std::move(*receiver), payload, topic));
  switch (result.outcome) {
    case push::Outcome::kDelivered:
      return;
    case push::Outcome::kGone:
      if (!core_.store.remove_push_endpoint(subscription.endpoint, subscription.user_id)) {
        spdlog::warn("notifications: cannot remove a gone subscription of {}", subscription.user_id);
      }
      return;
    case push::Outcome::kRefused:
      spdlog::warn("notifications: a push service refused a push: {}", result.detail);
      return;
    case push::Outcome::kRetry:
      break;
  }
  const auto wait_ms =
      result.retry_after ? std::chrono::duration_cast<std::chrono::milliseconds>(*result.retry_after).count() : 5'000;
  store::NewJob again;
  again.kind = std::string(kDeliveryJob);
  again.payload = json::serialize(json::object{{"userId", subscription.user_id},
                                               {"endpoint", subscription.endpoint},
                                               {"p256dh", subscription.p256dh},
                                               {"auth", subscription.auth},
                                               {"payload", payload},
                                               {"topic", topic}});
  again.run_at = core_.now() + std::clamp<std::int64_t>(wait_ms, 1'000, 3'600'000);
  again.max_attempts = kDeliveryAttempts;
  again.dedupe_key = "push:" + message_id + ":" + subscription.id;
  if (!core_.jobs->enqueue(again)) spdlog::warn("notifications: cannot queue a push again ({})", result.detail);
}

jobs::JobOutcome Notifier::notify_reaction(const store::Job& job) {
  auto p = payload_of(job);
  if (!p) return jobs::JobOutcome::give_up("payload is not a JSON object");
  auto m = core_.store.message_by_id(field(*p, "messageId"));
  if (!m) {
    if (m.error() == store::Errc::kNotFound) return jobs::JobOutcome::give_up("no such message");
    return jobs::JobOutcome::retry("store unavailable");
  }
  if (m->deleted_at) return jobs::JobOutcome::done();
  const auto reactor = field(*p, "reactorId");
  auto targets = core_.store.notify_targets(m->chat_id, reactor);
  if (!targets) return jobs::JobOutcome::retry("store unavailable");
  const auto author = std::find_if(targets->begin(), targets->end(),
                                   [&](const store::NotifyTarget& t) { return t.user_id == m->sender_id; });
  if (author == targets->end()) return jobs::JobOutcome::done();
  if (auto known = core_.privacy.snapshot(); !known || (*known)->blocked(author->user_id, reactor)) {
    return jobs::JobOutcome::done();
  }
  const auto now = core_.now();
  const auto settings = settings_from(author->settings);
  if (!settings.push || author->chat.level == store::NotifyLevel::kNothing || author->chat.muted_until > now) {
    return jobs::JobOutcome::done();
  }
  // Quiet: a reaction is not a message, and the summary counts messages.
  if (dnd_until(settings, now)) return jobs::JobOutcome::done();
  const auto scope = std::string(bus::Presence::kReadingPrefix) + m->chat_id;
  if (!core_.presence.receiving({author->user_id}, scope).empty()) return jobs::JobOutcome::done();
  auto chat = core_.store.chat_by_id(m->chat_id);
  if (!chat) return jobs::JobOutcome::retry("store unavailable");
  std::string reactor_name = "Someone";
  if (auto u = core_.store.user_by_id(reactor)) reactor_name = u->name;
  const auto at = p->if_contains("at") != nullptr && p->at("at").is_int64() ? p->at("at").get_int64() : now;
  const auto body = reaction_payload(*chat, *m, reactor_name, field(*p, "emoji"), settings.previews, at);
  const auto topic = push_topic(m->chat_id);
  for (const auto& s : author->subscriptions) push_to(s, body, topic, "react-" + std::to_string(job.id));
  return jobs::JobOutcome::done();
}

jobs::JobOutcome Notifier::summarize(const store::Job& job) {
  auto p = payload_of(job);
  if (!p) return jobs::JobOutcome::give_up("payload is not a JSON object");
  const auto user = field(*p, "userId");
  auto document = core_.store.notify_settings(user);
  if (!document) {
    if (document.error() == store::Errc::kNotFound) return jobs::JobOutcome::give_up("no such user");
    return jobs::JobOutcome::retry("store unavailable");
  }
  const auto settings = settings_from(*document);
  const auto now = core_.now();
  // Still quiet (switched on again, or longer): the summary waits for the new end.
  if (const auto quiet = dnd_until(settings, now)) {
    queue_summary(user, *quiet);
    return jobs::JobOutcome::done();
  }
  auto held = core_.store.take_held(user, kHeldForDnd, now, store::kMaxHeldTaken);
  if (!held) return jobs::JobOutcome::retry("store unavailable");
  if (held->empty() || !settings.push || !pushes()) return jobs::JobOutcome::done();
  // By chat, the one with the latest message first (the store gives the latest first).
  std::vector<HeldCount> counts;
  for (const auto& h : *held) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const HeldCount& c) { return c.chat_id == h.chat_id; });
    if (it != counts.end()) {
      ++it->count;
      continue;
    }
    std::string name = "a chat";
    if (counts.size() < 2) {
      if (auto chat = core_.store.chat_by_id(h.chat_id)) name = chat_name(*chat, user);
    }
    counts.push_back(HeldCount{h.chat_id, std::move(name), 1});
  }
  auto subscriptions = core_.store.push_subscriptions(user);
  if (!subscriptions) return jobs::JobOutcome::retry("store unavailable");
  const auto body = summary_payload(counts, now);
  for (const auto& s : *subscriptions) push_to(s, body, "dnd-summary", "summary-" + std::to_string(job.id));
  return jobs::JobOutcome::done();
}

jobs::JobOutcome Notifier::deliver(const store::Job& job) {
  auto p = payload_of(job);
  if (!p) return jobs::JobOutcome::give_up("payload is not a JSON object");
  const auto user = field(*p, "userId");
  const auto endpoint = field(*p, "endpoint");
  // Unsubscribed meanwhile: nothing to do.
  auto current = core_.store.push_subscriptions(user);
  if (!current) return jobs::JobOutcome::retry("store unavailable");
  if (std::none_of(current->begin(), current->end(), [&](const auto& s) { return s.endpoint == endpoint; })) {
    return jobs::JobOutcome::done();
  }
  auto receiver = receiver_of(field(*p, "p256dh"), field(*p, "auth"));
  if (!receiver) return jobs::JobOutcome::give_up("the subscription's keys are not base64url");
  const auto result =
      channel_->send(push_message(endpoint, std::move(*receiver), field(*p, "payload"), field(*p, "topic")));
  switch (result.outcome) {
    case push::Outcome::kDelivered:
      return jobs::JobOutcome::done();
    case push::Outcome::kGone:
      if (!core_.store.remove_push_endpoint(endpoint, user)) return jobs::JobOutcome::retry("store unavailable");
      return jobs::JobOutcome::done();
    case push::Outcome::kRefused:
      return jobs::JobOutcome::give_up(result.detail);
    case push::Outcome::kRetry:
      break;
  }
  return jobs::JobOutcome::retry(result.detail);
}

}  // namespace parley::chat
