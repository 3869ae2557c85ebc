// SqliteStore: auto-moderation rules and hits, mutes, moderation notices (store/moderation.hpp).
// See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kRules =
    "SELECT id, scope, config, updated_by, updated_at FROM automod_rules WHERE (?1 IS NULL OR scope = ?1) ORDER BY id";
constexpr std::string_view kPutRule =
    "INSERT INTO automod_rules (id, scope, config, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, config = excluded.config, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at";
constexpr std::string_view kDeleteRule = "DELETE FROM automod_rules WHERE id = ?1";

#define PARLEY_HIT_COLUMNS                                                                                     \
  "id, scope, chat_id, user_id, action, rules, content, message_id, request, status, created_at, decided_by, " \
  "decided_at"
constexpr std::string_view kAddHit = "INSERT INTO automod_hits (" PARLEY_HIT_COLUMNS
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, NULL)";
constexpr std::string_view kHit = "SELECT " PARLEY_HIT_COLUMNS " FROM automod_hits WHERE id = ?1";
constexpr std::string_view kHits = "SELECT " PARLEY_HIT_COLUMNS
                                   " FROM automod_hits WHERE (?1 IS NULL OR chat_id = ?1) AND (?2 IS NULL OR status = "
                                   "?2) AND (?3 = '' OR id < ?3) ORDER BY id DESC LIMIT ?4";
#undef PARLEY_HIT_COLUMNS
constexpr std::string_view kDecideHit =
    "UPDATE automod_hits SET status = ?2, message_id = ?3, decided_by = ?4, decided_at = ?5 "
    "WHERE id = ?1 AND status IN ('held', 'open')";

constexpr std::string_view kMute =
    "INSERT INTO mutes (user_id, chat_id, by_id, at, until, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (user_id, chat_id) DO UPDATE SET by_id = excluded.by_id, at = excluded.at, until = excluded.until, "
    "reason = excluded.reason";
constexpr std::string_view kUnmute = "DELETE FROM mutes WHERE user_id = ?1 AND chat_id = ?2";
constexpr std::string_view kMutesOf =
    "SELECT user_id, chat_id, by_id, at, until, reason FROM mutes WHERE user_id = ?1 ORDER BY chat_id";
constexpr std::string_view kMutes =
    "SELECT user_id, chat_id, by_id, at, until, reason FROM mutes WHERE (?1 IS NULL OR chat_id = ?1) AND until > ?2 "
    "ORDER BY at DESC, user_id";

constexpr std::string_view kAddNotice =
    "INSERT INTO moderation_notices (id, user_id, kind, chat_id, text, at, until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kNotices =
    "SELECT id, user_id, kind, chat_id, text, at, until FROM moderation_notices WHERE user_id = ?1 "
    "ORDER BY id DESC LIMIT ?2";

constexpr std::string_view kLatestOfChat =
    "SELECT id, chat_id, sender_id, content, seq, created_at FROM messages WHERE chat_id = ?1 AND kind = 'text' "
    "AND deleted_at IS NULL ORDER BY seq DESC LIMIT ?2";
constexpr std::string_view kLatest =
    "SELECT id, chat_id, sender_id, content, seq, created_at FROM messages WHERE kind = 'text' "
    "AND deleted_at IS NULL ORDER BY id DESC LIMIT ?1";

AutoModHit read_hit(const Query& q) {
  AutoModHit h;
  h.id = q.text(0);
  h.scope = q.text(1);
  h.chat_id = q.text(2);
  h.user_id = q.text(3);
  h.action = q.text(4);
  h.rules = q.text(5);
  h.content = q.text(6);
  h.message_id = q.text(7);
  h.request = q.text(8);
  h.status = q.text(9);
  h.created_at = q.int64(10);
  h.decided_by = q.optional_text(11);
  h.decided_at = q.optional_int64(12);
  return h;
}

Result<AutoModHit> load_hit(Connection& db, std::string_view id) {
  Query q(db, kHit);
  q.bind(id);
  if (q.next()) return read_hit(q);
  if (q.failed()) return fail(q.error());
  return fail(Errc::kNotFound);
}

Result<std::vector<Mute>> read_mutes(Query& q) {
  std::vector<Mute> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.text(2), q.int64(3), q.int64(4), q.text(5)});
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace

Result<std::vector<AutoModRule>> SqliteStore::automod_rules(std::optional<std::string_view> scope) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kRules);
  q.bind(scope ? std::optional<std::string>(*scope) : std::nullopt);
  std::vector<AutoModRule> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4)});
  if (q.failed()) return fail(q.error());
  return out;
}

Result<void> SqliteStore::put_automod_rule(const AutoModRule& rule, const AuditEntry& audit) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kPutRule);
    q.bind(rule.id, rule.scope, rule.config, rule.updated_by, rule.updated_at);
    if (auto r = q.run(); !r) return fail(r.error());
    return insert_audit(db, audit);
  });
}

Result<bool> SqliteStore::delete_automod_rule(std::string_view id, const AuditEntry& audit) {
  return write<bool>([&](Connection& db) -> Result<bool> {
    {
      Query q(db, kDeleteRule);
      q.bind(id);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    if (db.changes() == 0) return false;
    if (auto r = insert_audit(db, audit); !r) return fail(r.error());
    return true;
  });
}

Result<void> SqliteStore::add_hit(const AutoModHit& h) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kAddHit);
    q.bind(h.id, h.scope, h.chat_id, h.user_id, h.action, h.rules, h.content, h.message_id, h.request, h.status,
           h.created_at);
    return q.run();
  });
}

Result<AutoModHit> SqliteStore::hit(std::string_view id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  return load_hit(*db, id);
}

Result<std::vector<AutoModHit>> SqliteStore::hits(const HitQuery& query) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kHits);
  q.bind(query.chat_id, query.status, query.before_id, static_cast<std::int64_t>(query.limit));
  std::vector<AutoModHit> out;
  while (q.next()) out.push_back(read_hit(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<AutoModHit> SqliteStore::decide_hit(std::string_view id, std::string_view status, std::string_view message_id,
                                           const AuditEntry& audit) {
  return write<AutoModHit>([&](Connection& db) -> Result<AutoModHit> {
    {
      Query q(db, kDecideHit);
      q.bind(id, status, message_id, audit.actor_id, audit.at);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    if (db.changes() == 0) {
      auto existing = load_hit(db, id);
      if (!existing) return fail(existing.error());
      return fail(Errc::kInvalid);
    }
    if (auto r = insert_audit(db, audit); !r) return fail(r.error());
    return load_hit(db, id);
  });
}

Result<void> SqliteStore::mute(const Mute& mute, const AuditEntry& audit) {
  return write<void>([&](Connection& db) -> Result<void> {
    auto exists = user_exists(db, mute.user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    Query q(db, kMute);
    q.bind(mute.user_id, mute.chat_id, mute.by, mute.at, mute.until, mute.reason);
    if (auto r = q.run(); !r) return fail(r.error());
    if (audit.id.empty()) return {};
    return insert_audit(db, audit);
  });
}

Result<bool> SqliteStore::unmute(std::string_view user_id, std::string_view chat_id, const AuditEntry& audit) {
  return write<bool>([&](Connection& db) -> Result<bool> {
    {
      Query q(db, kUnmute);
      q.bind(user_id, chat_id);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    if (db.changes() == 0) return false;
    if (auto r = insert_audit(db, audit); !r) return fail(r.error());
    return true;
  });
}

Result<std::vector<Mute>> SqliteStore::mutes_of(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kMutesOf);
  q.bind(user_id);
  return read_mutes(q);
}

Result<std::vector<Mute>> SqliteStore::mutes(std::optional<std::string_view> chat_id, TimeMs now) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kMutes);
  q.bind(chat_id ? std::optional<std::string>(*chat_id) : std::nullopt, now);
  return read_mutes(q);
}

Result<void> SqliteStore::add_notice(const ModerationNotice& n) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kAddNotice);
    q.bind(n.id, n.user_id, n.kind, n.chat_id, n.text, n.at, n.until);
    return q.run();
  });
}

Result<std::vector<ModerationNotice>> SqliteStore::notices(std::string_view user_id, std::size_t limit) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kNotices);
  q.bind(user_id, static_cast<std::int64_t>(limit));
  std::vector<ModerationNotice> out;
  while (q.next()) {
    out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5), q.optional_int64(6)});
  }
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<RecentText>> SqliteStore::latest_texts(std::optional<std::string_view> chat_id, std::size_t limit) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, chat_id ? kLatestOfChat : kLatest);
  if (chat_id) {
    q.bind(*chat_id, static_cast<std::int64_t>(limit));
  } else {
    q.bind(static_cast<std::int64_t>(limit));
  }
  std::vector<RecentText> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.int64(5)});
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace parley::store::sqlite
