// SqliteStore: push subscriptions and notification settings (store/notifications.hpp). See
// sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = ?1";
constexpr std::string_view kByEndpoint =
    "SELECT id, user_id, endpoint, p256dh, auth, label, created_at FROM push_subscriptions WHERE endpoint = ?1";
constexpr std::string_view kUpdateKeys =
    "UPDATE push_subscriptions SET p256dh = ?2, auth = ?3, label = ?4 WHERE id = ?1";
constexpr std::string_view kDeleteEndpoint = "DELETE FROM push_subscriptions WHERE endpoint = ?1";
constexpr std::string_view kDeleteEndpointOf = "DELETE FROM push_subscriptions WHERE endpoint = ?1 AND user_id = ?2";
constexpr std::string_view kInsert =
    "INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, label, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// The user's subscriptions beyond the newest ?2 go.
constexpr std::string_view kTrim =
    "DELETE FROM push_subscriptions WHERE id IN (SELECT id FROM push_subscriptions WHERE user_id = ?1 "
    "ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?2)";
constexpr std::string_view kDeleteOne = "DELETE FROM push_subscriptions WHERE user_id = ?1 AND id = ?2";
constexpr std::string_view kOfUser =
    "SELECT id, user_id, endpoint, p256dh, auth, label, created_at FROM push_subscriptions WHERE user_id = ?1 "
    "ORDER BY created_at, id";
constexpr std::string_view kNotifiable =
    "SELECT user_id FROM push_subscriptions UNION SELECT user_id FROM notify_settings WHERE emails = 1 "
    "ORDER BY 1";
constexpr std::string_view kSettings = "SELECT settings FROM notify_settings WHERE user_id = ?1";
constexpr std::string_view kSaveSettings =
    "INSERT INTO notify_settings (user_id, settings, emails) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, emails = excluded.emails";
// (json_type fails on malformed text: it is asked only of valid JSON.)
constexpr std::string_view kIsObject = "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END";
constexpr std::string_view kParticipant = "SELECT 1 FROM chat_participants WHERE chat_id = ?1 AND user_id = ?2";
constexpr std::string_view kSaveChat =
    "INSERT INTO chat_notify (user_id, chat_id, level, muted_until) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_id, chat_id) DO UPDATE SET level = excluded.level, muted_until = excluded.muted_until";
constexpr std::string_view kDropChat = "DELETE FROM chat_notify WHERE user_id = ?1 AND chat_id = ?2";
constexpr std::string_view kChatsOf =
    "SELECT chat_id, level, muted_until FROM chat_notify WHERE user_id = ?1 ORDER BY chat_id";
// A held notification (never twice on a channel); a user's held ones of a channel, the latest
// first, read and removed in one transaction.
constexpr std::string_view kHold =
    "INSERT INTO notify_held (user_id, channel, message_id, chat_id, held_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (user_id, channel, message_id) DO NOTHING";
constexpr std::string_view kHeld =
    "SELECT chat_id, message_id, held_at FROM notify_held WHERE user_id = ?1 AND channel = ?2 AND held_at <= ?3 "
    "ORDER BY held_at DESC, message_id DESC LIMIT ?4";
constexpr std::string_view kDropHeld = "DELETE FROM notify_held WHERE user_id = ?1 AND channel = ?2 AND held_at <= ?3";
constexpr std::string_view kTargets =
    "SELECT p.user_id, COALESCE(n.settings, '{}'), COALESCE(c.level, 0), COALESCE(c.muted_until, 0), "
    "COALESCE(n.emails, 0), s.id, s.user_id, s.endpoint, s.p256dh, s.auth, s.label, s.created_at "
    "FROM chat_participants p LEFT JOIN push_subscriptions s ON s.user_id = p.user_id "
    "LEFT JOIN notify_settings n ON n.user_id = p.user_id "
    "LEFT JOIN chat_notify c ON c.user_id = p.user_id AND c.chat_id = p.chat_id "
    "WHERE p.chat_id = ?1 AND p.user_id <> ?2 AND (s.id IS NOT NULL OR n.emails = 1) "
    "ORDER BY p.user_id, s.created_at, s.id";

// A subscription from its columns (id, user_id, endpoint, p256dh, auth, label, created_at), from
// column `at` on.
PushSubscription read_subscription(const Query& q, int at = 0) {
  PushSubscription s;
  s.id = q.text(at);
  s.user_id = q.text(at + 1);
  s.endpoint = q.text(at + 2);
  s.p256dh = q.text(at + 3);
  s.auth = q.text(at + 4);
  s.label = q.text(at + 5);
  s.created_at = q.int64(at + 6);
  return s;
}

NotifyLevel level_of(std::int64_t v) { return static_cast<NotifyLevel>(std::clamp<std::int64_t>(v, 0, 2)); }

Result<bool> exists(Connection& db, std::string_view sql, std::string_view a, std::string_view b = {}) {
  Query q(db, sql);
  if (b.empty()) {
    q.bind(a);
  } else {
    q.bind(a, b);
  }
  if (q.next()) return true;
  if (q.failed()) return fail(q.error());
  return false;
}

}  // namespace

Result<PushSubscription> SqliteStore::add_push_subscription(const PushSubscription& subscription,
                                                            std::size_t max_per_user) {
  return write<PushSubscription>([&](Connection& db) -> Result<PushSubscription> {
    auto user = exists(db, kUserExists, subscription.user_id);
    if (!user) return fail(user.error());
    if (!*user) return fail(Errc::kNotFound);
    {
      Query q(db, kByEndpoint);
      q.bind(subscription.endpoint);
      if (q.next()) {
        PushSubscription stored = read_subscription(q);
        if (stored.user_id == subscription.user_id) {
          // The same device again: its keys and name as given now, its place kept.
          Query u(db, kUpdateKeys);
          u.bind(stored.id, subscription.p256dh, subscription.auth, subscription.label);
          if (auto r = u.run(); !r) return fail(r.error());
          stored.p256dh = subscription.p256dh;
          stored.auth = subscription.auth;
          stored.label = subscription.label;
          return stored;
        }
      } else if (q.failed()) {
        return fail(q.error());
      }
    }
    {
      Query q(db, kDeleteEndpoint);
      q.bind(subscription.endpoint);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    {
      Query q(db, kInsert);
      q.bind(subscription.id, subscription.user_id, subscription.endpoint, subscription.p256dh, subscription.auth,
             subscription.label, subscription.created_at);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    Query q(db, kTrim);
    q.bind(subscription.user_id, static_cast<std::int64_t>(std::max<std::size_t>(max_per_user, 1)));
    if (auto r = q.run(); !r) return fail(r.error());
    return subscription;
  });
}

Result<void> SqliteStore::remove_push_subscription(std::string_view user_id, std::string_view id) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kDeleteOne);
    q.bind(user_id, id);
    if (auto r = q.run(); !r) return fail(r.error());
    if (db.changes() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

Result<bool> SqliteStore::remove_push_endpoint(std::string_view endpoint, std::string_view user_id) {
  return write<bool>([&](Connection& db) -> Result<bool> {
    Query q(db, user_id.empty() ? kDeleteEndpoint : kDeleteEndpointOf);
    if (user_id.empty()) {
      q.bind(endpoint);
    } else {
      q.bind(endpoint, user_id);
    }
    if (auto r = q.run(); !r) return fail(r.error());
    return db.changes() > 0;
  });
}

Result<std::vector<PushSubscription>> SqliteStore::push_subscriptions(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kOfUser);
  q.bind(user_id);
  std::vector<PushSubscription> out;
  while (q.next()) out.push_back(read_subscription(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<std::string>> SqliteStore::notifiable_users() {
  auto db = readers_->acquire();
  Query q(*db, kNotifiable);
  std::vector<std::string> out;
  while (q.next()) out.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::string> SqliteStore::notify_settings(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  auto user = exists(*db, kUserExists, user_id);
  if (!user) return fail(user.error());
  if (!*user) return fail(Errc::kNotFound);
  Query q(*db, kSettings);
  q.bind(user_id);
  if (q.next()) return q.text(0);
  if (q.failed()) return fail(q.error());
  return std::string("{}");
}

Result<void> SqliteStore::set_notify_settings(std::string_view user_id, std::string_view settings, bool emails) {
  if (settings.size() > kMaxNotifySettingsBytes) return fail(Errc::kInvalid);
  return write<void>([&](Connection& db) -> Result<void> {
    auto user = exists(db, kUserExists, user_id);
    if (!user) return fail(user.error());
    if (!*user) return fail(Errc::kNotFound);
    {
      Query q(db, kIsObject);
      q.bind(settings);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      if (q.int64(0) == 0) return fail(Errc::kInvalid);
    }
    Query q(db, kSaveSettings);
    q.bind(user_id, settings, emails ? 1 : 0);
    if (auto r = q.run(); !r) return fail(r.error());
    return {};
  });
}

Result<ChatNotify> SqliteStore::set_chat_notify(std::string_view user_id, const ChatNotify& setting) {
  return write<ChatNotify>([&](Connection& db) -> Result<ChatNotify> {
    auto member = exists(db, kParticipant, setting.chat_id, user_id);
    if (!member) return fail(member.error());
    if (!*member) return fail(Errc::kNotFound);
    ChatNotify stored = setting;
    stored.muted_until = std::max<std::int64_t>(stored.muted_until, 0);
    Query q(db, stored.is_default() ? kDropChat : kSaveChat);
    if (stored.is_default()) {
      q.bind(user_id, stored.chat_id);
    } else {
      q.bind(user_id, stored.chat_id, static_cast<std::int64_t>(stored.level), stored.muted_until);
    }
    if (auto r = q.run(); !r) return fail(r.error());
    return stored;
  });
}

Result<std::vector<ChatNotify>> SqliteStore::chat_notify_of(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kChatsOf);
  q.bind(user_id);
  std::vector<ChatNotify> out;
  while (q.next()) out.push_back({q.text(0), level_of(q.int64(1)), q.int64(2)});
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<NotifyTarget>> SqliteStore::notify_targets(std::string_view chat_id, std::string_view sender_id) {
  auto db = readers_->acquire();
  Query q(*db, kTargets);
  q.bind(chat_id, sender_id);
  std::vector<NotifyTarget> out;
  while (q.next()) {
    if (out.empty() || out.back().user_id != q.text(0)) {
      NotifyTarget t;
      t.user_id = q.text(0);
      t.settings = q.text(1);
      t.chat = {std::string(chat_id), level_of(q.int64(2)), q.int64(3)};
      t.emails = q.int64(4) != 0;
      out.push_back(std::move(t));
    }
    if (q.optional_text(5)) out.back().subscriptions.push_back(read_subscription(q, 5));
  }
  if (q.failed()) return fail(q.error());
  return out;
}

Result<void> SqliteStore::hold_notification(const HeldNotification& held) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kHold);
    q.bind(held.user_id, held.channel, held.message_id, held.chat_id, held.at);
    if (auto r = q.run(); !r) return fail(r.error());
    return {};
  });
}

Result<std::vector<HeldNotification>> SqliteStore::take_held(std::string_view user_id, std::string_view channel,
                                                             std::int64_t upto_at, std::size_t limit) {
  return write<std::vector<HeldNotification>>([&](Connection& db) -> Result<std::vector<HeldNotification>> {
    std::vector<HeldNotification> out;
    {
      Query q(db, kHeld);
      q.bind(user_id, channel, upto_at, static_cast<std::int64_t>(std::min(limit, kMaxHeldTaken)));
      while (q.next()) {
        out.push_back(HeldNotification{std::string(user_id), std::string(channel), q.text(0), q.text(1), q.int64(2)});
      }
      if (q.failed()) return fail(q.error());
    }
    if (out.empty()) return out;
    Query q(db, kDropHeld);
    q.bind(user_id, channel, upto_at);
    if (auto r = q.run(); !r) return fail(r.error());
    return out;
  });
}

}  // namespace parley::store::sqlite
