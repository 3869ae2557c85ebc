// PostgresStore: push subscriptions and notification settings (store/notifications.hpp). See
// postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kByEndpoint =
    "SELECT id, user_id, endpoint, p256dh, auth, label, created_at FROM push_subscriptions WHERE endpoint = $1::text";
constexpr std::string_view kUpdateKeys =
    "UPDATE push_subscriptions SET p256dh = $2::text, auth = $3::text, label = $4::text WHERE id = $1::text";
constexpr std::string_view kDeleteEndpoint = "DELETE FROM push_subscriptions WHERE endpoint = $1::text";
constexpr std::string_view kDeleteEndpointOf =
    "DELETE FROM push_subscriptions WHERE endpoint = $1::text AND user_id = $2::text";
constexpr std::string_view kInsert =
    "INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, label, created_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::bigint)";
// The user's subscriptions beyond the newest $2 go.
constexpr std::string_view kTrim =
    "DELETE FROM push_subscriptions WHERE id IN (SELECT id FROM push_subscriptions WHERE user_id = $1::text "
    "ORDER BY created_at DESC, id COLLATE \"C\" DESC OFFSET $2::bigint)";
constexpr std::string_view kDeleteOne = "DELETE FROM push_subscriptions WHERE user_id = $1::text AND id = $2::text";
constexpr std::string_view kOfUser =
    "SELECT id, user_id, endpoint, p256dh, auth, label, created_at FROM push_subscriptions WHERE user_id = $1::text "
    "ORDER BY created_at, id COLLATE \"C\"";
constexpr std::string_view kNotifiable =
    "SELECT user_id COLLATE \"C\" FROM push_subscriptions UNION SELECT user_id COLLATE \"C\" FROM notify_settings "
    "WHERE emails "
    "ORDER BY 1";
constexpr std::string_view kSettings = "SELECT settings FROM notify_settings WHERE user_id = $1::text";
constexpr std::string_view kSaveSettings =
    "INSERT INTO notify_settings (user_id, settings, emails) VALUES ($1::text, $2::text, $3::boolean) "
    "ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, emails = excluded.emails";
// Text that is not JSON fails the cast (kInvalid).
constexpr std::string_view kIsObject = "SELECT jsonb_typeof($1::text::jsonb) = 'object'";
constexpr std::string_view kParticipant =
    "SELECT 1 FROM chat_participants WHERE chat_id = $1::text AND user_id = $2::text";
constexpr std::string_view kSaveChat =
    "INSERT INTO chat_notify (user_id, chat_id, level, muted_until) VALUES ($1::text, $2::text, $3::smallint, "
    "$4::bigint) ON CONFLICT (user_id, chat_id) DO UPDATE SET level = excluded.level, "
    "muted_until = excluded.muted_until";
constexpr std::string_view kDropChat = "DELETE FROM chat_notify WHERE user_id = $1::text AND chat_id = $2::text";
constexpr std::string_view kChatsOf =
    "SELECT chat_id, level, muted_until FROM chat_notify WHERE user_id = $1::text ORDER BY chat_id COLLATE \"C\"";
// A held notification (never twice on a channel); a user's held ones of a channel taken in one
// statement, the latest first.
constexpr std::string_view kHold =
    "INSERT INTO notify_held (user_id, channel, message_id, chat_id, held_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint) "
    "ON CONFLICT (user_id, channel, message_id) DO NOTHING";
constexpr std::string_view kTakeHeld =
    "WITH taken AS (DELETE FROM notify_held WHERE user_id = $1::text AND channel = $2::text "
    "AND held_at <= $3::bigint RETURNING chat_id, message_id, held_at) "
    "SELECT chat_id, message_id, held_at FROM taken ORDER BY held_at DESC, message_id COLLATE \"C\" DESC "
    "LIMIT $4::bigint";
constexpr std::string_view kTargets =
    "SELECT p.user_id, COALESCE(n.settings, '{}'), COALESCE(c.level, 0), COALESCE(c.muted_until, 0), "
    "COALESCE(n.emails, false), s.id, s.user_id, s.endpoint, s.p256dh, s.auth, s.label, s.created_at "
    "FROM chat_participants p LEFT JOIN push_subscriptions s ON s.user_id = p.user_id "
    "LEFT JOIN notify_settings n ON n.user_id = p.user_id "
    "LEFT JOIN chat_notify c ON c.user_id = p.user_id AND c.chat_id = p.chat_id "
    "WHERE p.chat_id = $1::text AND p.user_id <> $2::text AND (s.id IS NOT NULL OR n.emails) "
    "ORDER BY p.user_id COLLATE \"C\", s.created_at, s.id COLLATE \"C\"";

// A subscription from its columns (id, user_id, endpoint, p256dh, auth, label, created_at), from
// column `at` on.
PushSubscription read_subscription(const Rows& r, int row, int at = 0) {
  PushSubscription s;
  s.id = r.text(row, at);
  s.user_id = r.text(row, at + 1);
  s.endpoint = r.text(row, at + 2);
  s.p256dh = r.text(row, at + 3);
  s.auth = r.text(row, at + 4);
  s.label = r.text(row, at + 5);
  s.created_at = r.int64(row, at + 6);
  return s;
}

NotifyLevel level_of(std::int64_t v) { return static_cast<NotifyLevel>(std::clamp<std::int64_t>(v, 0, 2)); }

std::string endpoint_lock(std::string_view endpoint) { return lock_name("push_endpoint", endpoint); }

}  // namespace

Result<PushSubscription> PostgresStore::add_push_subscription(const PushSubscription& subscription,
                                                              std::size_t max_per_user) {
  // The user's lock: two adds of one user trim in turn; the endpoint's: one device, one row.
  auto locks = lock_names({lock_key(subscription.user_id), endpoint_lock(subscription.endpoint)});
  return write<PushSubscription>(std::move(locks), [&](Connection& db) -> Result<PushSubscription> {
    auto user = user_exists(db, subscription.user_id);
    if (!user) return fail(user.error());
    if (!*user) return fail(Errc::kNotFound);
    auto found = db.query(kByEndpoint, Params(subscription.endpoint));
    if (!found) return fail(errc_of(found));
    if (!found->empty()) {
      PushSubscription stored = read_subscription(*found, 0);
      if (stored.user_id == subscription.user_id) {
        // The same device again: its keys and name as given now, its place kept.
        auto r = db.query(kUpdateKeys, Params(stored.id, subscription.p256dh, subscription.auth, subscription.label));
        if (!r) return fail(errc_of(r));
        stored.p256dh = subscription.p256dh;
        stored.auth = subscription.auth;
        stored.label = subscription.label;
        return stored;
      }
      if (auto r = db.query(kDeleteEndpoint, Params(subscription.endpoint)); !r) return fail(errc_of(r));
    }
    auto r = db.query(kInsert, Params(subscription.id, subscription.user_id, subscription.endpoint, subscription.p256dh,
                                      subscription.auth, subscription.label, subscription.created_at));
    if (!r) return fail(errc_of(r));
    const auto keep = static_cast<std::int64_t>(std::max<std::size_t>(max_per_user, 1));
    if (auto t = db.query(kTrim, Params(subscription.user_id, keep)); !t) return fail(errc_of(t));
    return subscription;
  });
}

Result<void> PostgresStore::remove_push_subscription(std::string_view user_id, std::string_view id) {
  return write<void>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kDeleteOne, Params(user_id, id));
    if (!r) return fail(errc_of(r));
    if (r->affected() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

Result<bool> PostgresStore::remove_push_endpoint(std::string_view endpoint, std::string_view user_id) {
  return write<bool>(lock_names({endpoint_lock(endpoint)}), [&](Connection& db) -> Result<bool> {
    auto r = user_id.empty() ? db.query(kDeleteEndpoint, Params(endpoint))
                             : db.query(kDeleteEndpointOf, Params(endpoint, user_id));
    if (!r) return fail(errc_of(r));
    return r->affected() > 0;
  });
}

Result<std::vector<PushSubscription>> PostgresStore::push_subscriptions(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<PushSubscription>> {
    auto r = db.query(kOfUser, Params(user_id));
    if (!r) return fail(errc_of(r));
    std::vector<PushSubscription> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_subscription(*r, i));
    return out;
  });
}

Result<std::vector<std::string>> PostgresStore::notifiable_users() {
  return read([&](Connection& db) -> Result<std::vector<std::string>> {
    auto r = db.query(kNotifiable, Params());
    if (!r) return fail(errc_of(r));
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

Result<std::string> PostgresStore::notify_settings(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::string> {
    auto user = user_exists(db, user_id);
    if (!user) return fail(user.error());
    if (!*user) return fail(Errc::kNotFound);
    auto r = db.query(kSettings, Params(user_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return std::string("{}");
    return r->text(0, 0);
  });
}

Result<void> PostgresStore::set_notify_settings(std::string_view user_id, std::string_view settings, bool emails) {
  if (settings.size() > kMaxNotifySettingsBytes) return fail(Errc::kInvalid);
  return write<void>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<void> {
    auto user = user_exists(db, user_id);
    if (!user) return fail(user.error());
    if (!*user) return fail(Errc::kNotFound);
    auto valid = db.query(kIsObject, Params(settings));
    if (!valid) return fail(errc_of(valid));
    if (!valid->boolean(0, 0)) return fail(Errc::kInvalid);
    if (auto r = db.query(kSaveSettings, Params(user_id, settings, emails ? "true" : "false")); !r) {
      return fail(errc_of(r));
    }
    return {};
  });
}

Result<ChatNotify> PostgresStore::set_chat_notify(std::string_view user_id, const ChatNotify& setting) {
  return write<ChatNotify>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<ChatNotify> {
    auto member = db.query(kParticipant, Params(setting.chat_id, user_id));
    if (!member) return fail(errc_of(member));
    if (member->empty()) return fail(Errc::kNotFound);
    ChatNotify stored = setting;
    stored.muted_until = std::max<std::int64_t>(stored.muted_until, 0);
    auto r = stored.is_default()
                 ? db.query(kDropChat, Params(user_id, stored.chat_id))
                 : db.query(kSaveChat, Params(user_id, stored.chat_id, static_cast<std::int64_t>(stored.level),
                                              stored.muted_until));
    if (!r) return fail(errc_of(r));
    return stored;
  });
}

Result<std::vector<ChatNotify>> PostgresStore::chat_notify_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<ChatNotify>> {
    auto r = db.query(kChatsOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    std::vector<ChatNotify> out;
    for (int i = 0; i < r->size(); ++i) out.push_back({r->text(i, 0), level_of(r->int64(i, 1)), r->int64(i, 2)});
    return out;
  });
}

Result<std::vector<NotifyTarget>> PostgresStore::notify_targets(std::string_view chat_id, std::string_view sender_id) {
  return read([&](Connection& db) -> Result<std::vector<NotifyTarget>> {
    auto r = db.query(kTargets, Params(chat_id, sender_id));
    if (!r) return fail(errc_of(r));
    std::vector<NotifyTarget> out;
    for (int i = 0; i < r->size(); ++i) {
      if (out.empty() || out.back().user_id != r->text(i, 0)) {
        NotifyTarget t;
        t.user_id = r->text(i, 0);
        t.settings = r->text(i, 1);
        t.chat = {std::string(chat_id), level_of(r->int64(i, 2)), r->int64(i, 3)};
        t.emails = r->boolean(i, 4);
        out.push_back(std::move(t));
      }
      if (r->optional_text(i, 5)) out.back().subscriptions.push_back(read_subscription(*r, i, 5));
    }
    return out;
  });
}

Result<void> PostgresStore::hold_notification(const HeldNotification& held) {
  return write<void>(lock_names({lock_key(held.user_id)}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kHold, Params(held.user_id, held.channel, held.message_id, held.chat_id, held.at));
    if (!r) return fail(errc_of(r));
    return {};
  });
}

Result<std::vector<HeldNotification>> PostgresStore::take_held(std::string_view user_id, std::string_view channel,
                                                               std::int64_t upto_at, std::size_t limit) {
  const auto most = static_cast<std::int64_t>(std::min(limit, kMaxHeldTaken));
  return write<std::vector<HeldNotification>>(
      lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<std::vector<HeldNotification>> {
        auto r = db.query(kTakeHeld, Params(user_id, channel, upto_at, most));
        if (!r) return fail(errc_of(r));
        std::vector<HeldNotification> out;
        for (int i = 0; i < r->size(); ++i) {
          out.push_back(HeldNotification{std::string(user_id), std::string(channel), r->text(i, 0), r->text(i, 1),
                                         r->int64(i, 2)});
        }
        return out;
      });
}

}  // namespace parley::store::postgres
