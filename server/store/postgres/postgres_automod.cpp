// PostgresStore: auto-moderation rules and hits, mutes, moderation notices
// (store/moderation.hpp). See postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kRules =
    "SELECT id, scope, config, updated_by, updated_at FROM automod_rules "
    "WHERE ($1::text IS NULL OR scope = $1::text) ORDER BY id COLLATE \"C\"";
constexpr std::string_view kPutRule =
    "INSERT INTO automod_rules (id, scope, config, updated_by, updated_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint) "
    "ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, config = excluded.config, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at";
constexpr std::string_view kDeleteRule = "DELETE FROM automod_rules WHERE id = $1::text RETURNING 1";

#define PARLEY_HIT_COLUMNS                                                                                     \
  "id, scope, chat_id, user_id, action, rules, content, message_id, request, status, created_at, decided_by, " \
  "decided_at"
constexpr std::string_view kAddHit =
    "INSERT INTO automod_hits (" PARLEY_HIT_COLUMNS
    ") VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, "
    "$11::bigint, NULL, NULL)";
constexpr std::string_view kHit = "SELECT " PARLEY_HIT_COLUMNS " FROM automod_hits WHERE id = $1::text";
constexpr std::string_view kHits =
    "SELECT " PARLEY_HIT_COLUMNS
    " FROM automod_hits WHERE ($1::text IS NULL OR chat_id = $1::text) AND ($2::text IS NULL OR status = $2::text) "
    "AND ($3::text = '' OR id COLLATE \"C\" < $3::text) ORDER BY id COLLATE \"C\" DESC LIMIT $4::bigint";
#undef PARLEY_HIT_COLUMNS
constexpr std::string_view kDecideHit =
    "UPDATE automod_hits SET status = $2::text, message_id = $3::text, decided_by = $4::text, "
    "decided_at = $5::bigint WHERE id = $1::text AND status IN ('held', 'open') RETURNING 1";

constexpr std::string_view kMute =
    "INSERT INTO mutes (user_id, chat_id, by_id, at, until, reason) "
    "VALUES ($1::text, $2::text, $3::text, $4::bigint, $5::bigint, $6::text) "
    "ON CONFLICT (user_id, chat_id) DO UPDATE SET by_id = excluded.by_id, at = excluded.at, until = excluded.until, "
    "reason = excluded.reason";
constexpr std::string_view kUnmute = "DELETE FROM mutes WHERE user_id = $1::text AND chat_id = $2::text RETURNING 1";
constexpr std::string_view kMutesOf =
    "SELECT user_id, chat_id, by_id, at, until, reason FROM mutes WHERE user_id = $1::text "
    "ORDER BY chat_id COLLATE \"C\"";
constexpr std::string_view kMutes =
    "SELECT user_id, chat_id, by_id, at, until, reason FROM mutes "
    "WHERE ($1::text IS NULL OR chat_id = $1::text) AND until > $2::bigint ORDER BY at DESC, user_id COLLATE \"C\"";

constexpr std::string_view kAddNotice =
    "INSERT INTO moderation_notices (id, user_id, kind, chat_id, text, at, until) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::bigint)";
constexpr std::string_view kNotices =
    "SELECT id, user_id, kind, chat_id, text, at, until FROM moderation_notices WHERE user_id = $1::text "
    "ORDER BY id COLLATE \"C\" DESC LIMIT $2::bigint";

constexpr std::string_view kLatestOfChat =
    "SELECT id, chat_id, sender_id, content, seq, created_at FROM messages WHERE chat_id = $1::text "
    "AND kind = 'text' AND deleted_at IS NULL ORDER BY seq DESC LIMIT $2::bigint";
// The primary key's order: ids are UUIDv7, so the latest messages first.
constexpr std::string_view kLatest =
    "SELECT id, chat_id, sender_id, content, seq, created_at FROM messages WHERE kind = 'text' "
    "AND deleted_at IS NULL ORDER BY id DESC LIMIT $1::bigint";

std::vector<AutoModHit> hits_in(const Rows& rows) {
  std::vector<AutoModHit> out;
  for (int i = 0; i < rows.size(); ++i) {
    AutoModHit h;
    h.id = rows.text(i, 0);
    h.scope = rows.text(i, 1);
    h.chat_id = rows.text(i, 2);
    h.user_id = rows.text(i, 3);
    h.action = rows.text(i, 4);
    h.rules = rows.text(i, 5);
    h.content = rows.text(i, 6);
    h.message_id = rows.text(i, 7);
    h.request = rows.text(i, 8);
    h.status = rows.text(i, 9);
    h.created_at = rows.int64(i, 10);
    h.decided_by = rows.optional_text(i, 11);
    h.decided_at = rows.optional_int64(i, 12);
    out.push_back(std::move(h));
  }
  return out;
}

Result<AutoModHit> load_hit(Connection& db, std::string_view id) {
  auto r = db.query(kHit, Params(id));
  if (!r) return fail(errc_of(r));
  auto found = hits_in(*r);
  if (found.empty()) return fail(Errc::kNotFound);
  return std::move(found.front());
}

std::vector<Mute> mutes_in(const Rows& rows) {
  std::vector<Mute> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(
        {rows.text(i, 0), rows.text(i, 1), rows.text(i, 2), rows.int64(i, 3), rows.int64(i, 4), rows.text(i, 5)});
  }
  return out;
}

std::optional<std::string> owned(std::optional<std::string_view> v) {
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

}  // namespace

Result<std::vector<AutoModRule>> PostgresStore::automod_rules(std::optional<std::string_view> scope) {
  return read([&](Connection& db) -> Result<std::vector<AutoModRule>> {
    auto r = db.query(kRules, Params(owned(scope)));
    if (!r) return fail(errc_of(r));
    std::vector<AutoModRule> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->int64(i, 4)});
    }
    return out;
  });
}

Result<void> PostgresStore::put_automod_rule(const AutoModRule& rule, const AuditEntry& audit) {
  return write<void>({}, [&](Connection& db) -> Result<void> {
    auto r = db.query(kPutRule, Params(rule.id, rule.scope, rule.config, rule.updated_by, rule.updated_at));
    if (!r) return fail(errc_of(r));
    return insert_audit(db, audit);
  });
}

Result<bool> PostgresStore::delete_automod_rule(std::string_view id, const AuditEntry& audit) {
  return write<bool>({}, [&](Connection& db) -> Result<bool> {
    auto r = db.query(kDeleteRule, Params(id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return false;
    if (auto a = insert_audit(db, audit); !a) return fail(a.error());
    return true;
  });
}

Result<void> PostgresStore::add_hit(const AutoModHit& h) {
  return write<void>({}, [&](Connection& db) -> Result<void> {
    auto r = db.query(kAddHit, Params(h.id, h.scope, h.chat_id, h.user_id, h.action, h.rules, h.content, h.message_id,
                                      h.request, h.status, h.created_at));
    if (!r) return fail(errc_of(r));
    return {};
  });
}

Result<AutoModHit> PostgresStore::hit(std::string_view id) {
  return read([&](Connection& db) { return load_hit(db, id); });
}

Result<std::vector<AutoModHit>> PostgresStore::hits(const HitQuery& query) {
  return read([&](Connection& db) -> Result<std::vector<AutoModHit>> {
    auto r =
        db.query(kHits, Params(query.chat_id, query.status, query.before_id, static_cast<std::int64_t>(query.limit)));
    if (!r) return fail(errc_of(r));
    return hits_in(*r);
  });
}

Result<AutoModHit> PostgresStore::decide_hit(std::string_view id, std::string_view status, std::string_view message_id,
                                             const AuditEntry& audit) {
  return write<AutoModHit>(lock_names({lock_key("hit:" + std::string(id))}), [&](Connection& db) -> Result<AutoModHit> {
    auto r = db.query(kDecideHit, Params(id, status, message_id, audit.actor_id, audit.at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) {
      auto existing = load_hit(db, id);
      if (!existing) return fail(existing.error());
      return fail(Errc::kInvalid);
    }
    if (auto a = insert_audit(db, audit); !a) return fail(a.error());
    return load_hit(db, id);
  });
}

Result<void> PostgresStore::mute(const Mute& mute, const AuditEntry& audit) {
  return write<void>(lock_names({lock_key(mute.user_id)}), [&](Connection& db) -> Result<void> {
    auto exists = user_exists(db, mute.user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r = db.query(kMute, Params(mute.user_id, mute.chat_id, mute.by, mute.at, mute.until, mute.reason));
    if (!r) return fail(errc_of(r));
    if (audit.id.empty()) return {};
    return insert_audit(db, audit);
  });
}

Result<bool> PostgresStore::unmute(std::string_view user_id, std::string_view chat_id, const AuditEntry& audit) {
  return write<bool>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<bool> {
    auto r = db.query(kUnmute, Params(user_id, chat_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return false;
    if (auto a = insert_audit(db, audit); !a) return fail(a.error());
    return true;
  });
}

Result<std::vector<Mute>> PostgresStore::mutes_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<Mute>> {
    auto r = db.query(kMutesOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    return mutes_in(*r);
  });
}

Result<std::vector<Mute>> PostgresStore::mutes(std::optional<std::string_view> chat_id, TimeMs now) {
  return read([&](Connection& db) -> Result<std::vector<Mute>> {
    auto r = db.query(kMutes, Params(owned(chat_id), now));
    if (!r) return fail(errc_of(r));
    return mutes_in(*r);
  });
}

Result<void> PostgresStore::add_notice(const ModerationNotice& n) {
  return write<void>({}, [&](Connection& db) -> Result<void> {
    auto r = db.query(kAddNotice, Params(n.id, n.user_id, n.kind, n.chat_id, n.text, n.at, n.until));
    if (!r) return fail(errc_of(r));
    return {};
  });
}

Result<std::vector<ModerationNotice>> PostgresStore::notices(std::string_view user_id, std::size_t limit) {
  return read([&](Connection& db) -> Result<std::vector<ModerationNotice>> {
    auto r = db.query(kNotices, Params(user_id, static_cast<std::int64_t>(limit)));
    if (!r) return fail(errc_of(r));
    std::vector<ModerationNotice> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->int64(i, 5),
                     r->optional_int64(i, 6)});
    }
    return out;
  });
}

Result<std::vector<RecentText>> PostgresStore::latest_texts(std::optional<std::string_view> chat_id,
                                                            std::size_t limit) {
  return read([&](Connection& db) -> Result<std::vector<RecentText>> {
    const auto n = static_cast<std::int64_t>(limit);
    auto r = chat_id ? db.query(kLatestOfChat, Params(*chat_id, n)) : db.query(kLatest, Params(n));
    if (!r) return fail(errc_of(r));
    std::vector<RecentText> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->int64(i, 4), r->int64(i, 5)});
    }
    return out;
  });
}

}  // namespace parley::store::postgres
