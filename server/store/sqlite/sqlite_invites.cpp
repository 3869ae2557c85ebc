// SqliteStore: invite links of groups (store/groups.hpp). See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

#define PARLEY_INVITE_COLUMNS "token, chat_id, created_by, created_at, expires_at, max_uses, uses, revoked_at"
constexpr std::string_view kInsert =
    "INSERT INTO group_invites (" PARLEY_INVITE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0)";
constexpr std::string_view kByToken = "SELECT " PARLEY_INVITE_COLUMNS " FROM group_invites WHERE token = ?1";
constexpr std::string_view kOfChat = "SELECT " PARLEY_INVITE_COLUMNS
                                     " FROM group_invites WHERE chat_id = ?1 AND revoked_at = 0 "
                                     "ORDER BY created_at DESC, token DESC LIMIT ?2";
constexpr std::string_view kRevoke =
    "UPDATE group_invites SET revoked_at = CASE WHEN revoked_at = 0 THEN ?3 ELSE revoked_at END "
    "WHERE token = ?2 AND chat_id = ?1 RETURNING " PARLEY_INVITE_COLUMNS;
#undef PARLEY_INVITE_COLUMNS
constexpr std::string_view kUsable =
    "SELECT COUNT(*) FROM group_invites WHERE chat_id = ?1 AND revoked_at = 0 AND (expires_at = 0 OR ?2 < expires_at) "
    "AND (max_uses = 0 OR uses < max_uses)";
constexpr std::string_view kUse =
    "UPDATE group_invites SET uses = uses + 1 WHERE token = ?2 AND chat_id = ?1 AND revoked_at = 0 "
    "AND (expires_at = 0 OR ?3 < expires_at) AND (max_uses = 0 OR uses < max_uses) RETURNING uses";
constexpr std::string_view kIsGroup = "SELECT 1 FROM chats WHERE id = ?1 AND kind = 'group'";

Invite read_invite(const Query& q) {
  Invite i;
  i.token = q.text(0);
  i.chat_id = q.text(1);
  i.created_by = q.text(2);
  i.created_at = q.int64(3);
  i.expires_at = q.int64(4);
  i.max_uses = q.int64(5);
  i.uses = q.int64(6);
  i.revoked_at = q.int64(7);
  return i;
}

Result<Invite> one(Query& q) {
  if (q.next()) return read_invite(q);
  return fail(q.failed() ? q.error() : Errc::kNotFound);
}

}  // namespace

Result<void> use_invite(Connection& db, std::string_view chat_id, std::string_view token, TimeMs at) {
  Query q(db, kUse);
  q.bind(chat_id, token, at);
  if (q.next()) return {};
  return fail(q.failed() ? q.error() : Errc::kInvalid);
}

Result<Invite> SqliteStore::create_invite(const Invite& invite, std::size_t max_usable) {
  return write<Invite>([&](Connection& db) -> Result<Invite> {
    {
      Query q(db, kIsGroup);
      q.bind(invite.chat_id);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
    }
    {
      Query q(db, kUsable);
      q.bind(invite.chat_id, invite.created_at);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      if (q.int64(0) >= static_cast<std::int64_t>(max_usable)) return fail(Errc::kLimit);
    }
    Query q(db, kInsert);
    q.bind(invite.token, invite.chat_id, invite.created_by, invite.created_at, invite.expires_at, invite.max_uses);
    if (auto r = q.run(); !r) return fail(r.error());
    Invite stored = invite;
    stored.uses = 0;
    stored.revoked_at = 0;
    return stored;
  });
}

Result<Invite> SqliteStore::invite(std::string_view token) {
  auto db = readers_->acquire();
  Query q(*db, kByToken);
  q.bind(token);
  return one(q);
}

Result<std::vector<Invite>> SqliteStore::invites(std::string_view chat_id) {
  auto db = readers_->acquire();
  Query q(*db, kOfChat);
  q.bind(chat_id, static_cast<std::int64_t>(kMaxListedInvites));
  std::vector<Invite> out;
  while (q.next()) out.push_back(read_invite(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<Invite> SqliteStore::revoke_invite(std::string_view chat_id, std::string_view token, TimeMs at) {
  return write<Invite>([&](Connection& db) -> Result<Invite> {
    Query q(db, kRevoke);
    q.bind(chat_id, token, at);
    return one(q);
  });
}

}  // namespace parley::store::sqlite
