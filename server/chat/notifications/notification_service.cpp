#include "chat/notifications/notification_service.hpp"

#include "chat/notifications/do_not_disturb.hpp"
#include "chat/notifications/email_tokens.hpp"
#include "chat/notifications/push_endpoint.hpp"
#include "chat/store_errors.hpp"
#include "util/base64.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <algorithm>

namespace parley::chat {
namespace {

constexpr std::size_t kMaxLabelChars = 100;
constexpr std::size_t kPointBytes = 65;
constexpr std::size_t kSecretBytes = 16;

Result<void> check_keys(const SubscriptionRequest& r) {
  auto point = util::base64url_decode(r.p256dh);
  if (!point || point->size() != kPointBytes || (*point)[0] != '\x04') {
    return fail(Errc::kInvalidInput, "keys.p256dh must be a P-256 public key (65 bytes, base64url)");
  }
  auto secret = util::base64url_decode(r.auth);
  if (!secret || secret->size() != kSecretBytes) {
    return fail(Errc::kInvalidInput, "keys.auth must be a 16-byte secret (base64url)");
  }
  return {};
}

}  // namespace

std::string NotificationService::public_key() const {
  return notifier_.pushes() ? notifier_.channel()->public_key() : std::string();
}

void NotificationService::subscriptions_changed(const std::string& user_id) {
  auto left = core_.store.push_subscriptions(user_id);
  notifier_.subscriptions_changed(user_id, !left || !left->empty());
}

Result<store::PushSubscription> NotificationService::subscribe(const Actor& actor, const SubscriptionRequest& request) {
  if (!notifier_.pushes()) return fail(Errc::kInvalidInput, "Push notifications are off on this server");
  if (auto why = endpoint_problem(request.endpoint, core_.options.push_insecure_endpoints); !why.empty()) {
    return fail(Errc::kInvalidInput, why);
  }
  if (auto r = check_keys(request); !r) return util::fail(r.error());
  if (!util::is_valid_utf8(request.label) || util::utf8_length(request.label) > kMaxLabelChars) {
    return fail(Errc::kInvalidInput, "label must be text of at most " + std::to_string(kMaxLabelChars) + " characters");
  }
  store::PushSubscription s{.id = util::uuid_v7(),
                            .user_id = actor.user_id,
                            .endpoint = request.endpoint,
                            .p256dh = request.p256dh,
                            .auth = request.auth,
                            .label = request.label,
                            .created_at = core_.now()};
  auto stored = core_.store.add_push_subscription(s, core_.options.max_push_subscriptions);
  if (!stored) return store_failure(stored.error(), "User");
  notifier_.subscriptions_changed(actor.user_id, true);
  return std::move(*stored);
}

Result<std::vector<store::PushSubscription>> NotificationService::subscriptions(const Actor& actor) {
  auto r = core_.store.push_subscriptions(actor.user_id);
  if (!r) return store_failure(r.error(), "User");
  return std::move(*r);
}

Result<void> NotificationService::unsubscribe(const Actor& actor, std::string_view id) {
  if (auto r = core_.store.remove_push_subscription(actor.user_id, id); !r) {
    return store_failure(r.error(), "Subscription");
  }
  subscriptions_changed(actor.user_id);
  return {};
}

Result<bool> NotificationService::unsubscribe_endpoint(const Actor& actor, std::string_view endpoint) {
  if (endpoint.empty() || endpoint.size() > kMaxEndpointBytes) return fail(Errc::kInvalidInput, "endpoint is required");
  auto removed = core_.store.remove_push_endpoint(endpoint, actor.user_id);
  if (!removed) return store_failure(removed.error(), "Subscription");
  if (*removed) subscriptions_changed(actor.user_id);
  return *removed;
}

Result<NotificationView> NotificationService::view_of(const std::string& user_id, std::string_view document) {
  auto user = core_.store.user_by_id(user_id);
  if (!user) return store_failure(user.error(), "User");
  return view_of(*user, document);
}

Result<NotificationView> NotificationService::view_of(const store::User& user, std::string_view document) {
  auto chats = core_.store.chat_notify_of(user.id);
  if (!chats) return store_failure(chats.error(), "User");
  auto settings = settings_from(document);
  const auto quiet = dnd_until(settings, core_.now());
  return NotificationView{std::move(settings), std::move(*chats), quiet, user.email, notifier_.emails()};
}

Result<NotificationView> NotificationService::settings(const Actor& actor) {
  auto document = core_.store.notify_settings(actor.user_id);
  if (!document) return store_failure(document.error(), "User");
  return view_of(actor.user_id, *document);
}

Result<NotificationView> NotificationService::change(const Actor& actor, const NotificationChange& change) {
  auto document = core_.store.notify_settings(actor.user_id);
  if (!document) return store_failure(document.error(), "User");
  const auto before = settings_from(*document);
  auto next = before;
  if (change.push) next.push = *change.push;
  if (change.previews) next.previews = *change.previews;
  if (change.sound) next.sound = *change.sound;
  if (change.keywords) {
    if (auto e = set_keywords(next, *change.keywords)) return util::fail(std::move(*e));
  }
  if (change.time_zone) {
    if (auto e = set_time_zone(next, *change.time_zone)) return util::fail(std::move(*e));
  }
  if (change.dnd) {
    if (auto e = apply_dnd(next, *change.dnd)) return util::fail(std::move(*e));
  }
  if (change.email) next.email = *change.email;
  if (change.email_delay_minutes) next.email_delay_minutes = static_cast<int>(*change.email_delay_minutes);
  return store_settings(actor.user_id, before, next);
}

Result<NotificationView> NotificationService::store_settings(const std::string& user_id,
                                                             const NotificationSettings& before,
                                                             const NotificationSettings& next) {
  auto user = core_.store.user_by_id(user_id);
  if (!user) return store_failure(user.error(), "User");
  const auto text = settings_document(next);
  if (auto r = core_.store.set_notify_settings(user_id, text, gets_emails(next, user->email)); !r) {
    return store_failure(r.error(), "User");
  }
  if (gets_emails(next, user->email)) notifier_.subscriptions_changed(user_id, true);
  auto view = view_of(*user, text);
  if (!view) return view;
  // Switched off before its end: the summary of what it held comes now.
  const auto now = core_.now();
  if (dnd_until(before, now) && !view->dnd_until) notifier_.dnd_ended(user_id);
  core_.events.notifications_changed(user_id, *view);
  return view;
}

Result<store::ChatNotify> NotificationService::set_chat(const Actor& actor, std::string_view chat_id,
                                                        const ChatNotifyChange& change) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  // The settings as they are: this chat's is changed, and the rest is what the devices hear.
  auto view = settings(actor);
  if (!view) return util::fail(view.error());
  auto& chats = view->chats;
  const auto mine = std::find_if(chats.begin(), chats.end(), [&](const auto& c) { return c.chat_id == chat->id; });
  store::ChatNotify next;
  next.chat_id = chat->id;
  if (mine != chats.end()) next = *mine;
  if (change.level) {
    auto level = level_from(*change.level);
    if (!level) return fail(Errc::kInvalidInput, "level must be all, mentions or nothing");
    next.level = *level;
  }
  if (change.muted_until) {
    const auto& until = *change.muted_until;
    if (!until) {
      next.muted_until = 0;
    } else if (*until >= kForeverJson) {
      next.muted_until = store::kMutedForever;
    } else if (*until <= core_.now()) {
      return fail(Errc::kInvalidInput, "mutedUntil must be a time to come (epoch milliseconds), or null");
    } else {
      next.muted_until = *until;
    }
  }
  auto stored = core_.store.set_chat_notify(actor.user_id, next);
  if (!stored) return store_failure(stored.error(), "Chat");
  if (mine != chats.end()) chats.erase(mine);
  if (!stored->is_default()) {
    const auto at =
        std::find_if(chats.begin(), chats.end(), [&](const auto& c) { return c.chat_id > stored->chat_id; });
    chats.insert(at, *stored);
  }
  core_.events.notifications_changed(actor.user_id, *view);
  return std::move(*stored);
}

Result<void> NotificationService::may_read(const Actor& actor, std::string_view chat_id) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  return {};
}

Result<void> NotificationService::request_verification(const Actor& actor) {
  if (!notifier_.emails()) return fail(Errc::kInvalidInput, "This server sends no email");
  // Three at once, then one a minute.
  if (!core_.limiter.allow("verify-email:" + actor.user_id, 1.0 / 60, 3, core_.now())) {
    return fail(Errc::kRateLimited, "A verification email was sent just now; check your inbox");
  }
  return notifier_.send_verification(actor.user_id);
}

Result<NotificationView> NotificationService::verify_email(std::string_view token) {
  const auto t = read_email_token(notifier_.token_key(), kVerifyPurpose, token, core_.now());
  if (!t) return fail(Errc::kInvalidInput, "This link is not valid or has expired; ask for a new one");
  auto user = core_.store.user_by_id(t->user_id);
  if (!user) return store_failure(user.error(), "User");
  if (user->email != t->email)
    return fail(Errc::kInvalidInput, "This link is for an address the account no longer has");
  auto document = core_.store.notify_settings(t->user_id);
  if (!document) return store_failure(document.error(), "User");
  const auto before = settings_from(*document);
  auto next = before;
  next.email_verified = t->email;
  return store_settings(t->user_id, before, next);
}

Result<NotificationView> NotificationService::unsubscribe(std::string_view token) {
  const auto t = read_email_token(notifier_.token_key(), kUnsubscribePurpose, token, core_.now());
  if (!t) return fail(Errc::kInvalidInput, "This link is not valid or has expired");
  auto document = core_.store.notify_settings(t->user_id);
  if (!document) return store_failure(document.error(), "User");
  const auto before = settings_from(*document);
  auto next = before;
  next.email = false;
  return store_settings(t->user_id, before, next);
}

}  // namespace parley::chat
