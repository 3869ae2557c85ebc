// PostgresStore: invite links of groups (store/groups.hpp). See postgres_store_impl.hpp.
//
// Every write of a group's invites declares the group's lock (writer.hpp), as its edits do: an
// invite is created against the count of the group's usable ones, and used (counted) inside the
// edit that admits its joiner (use_invite, from edit_group), so that concurrent joins run in
// turn and never pass max_uses.
#include "store/postgres/postgres_store_impl.hpp"

#include <string>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

// The columns read_invite() expects, in its order. A macro only to splice a constant into
// string literals at compile time; values are always bound.
#define PARLEY_INVITE_COLUMNS "token, chat_id, created_by, created_at, expires_at, max_uses, uses, revoked_at"
// A new invite: nothing when the token is taken.
constexpr std::string_view kInsert = "INSERT INTO group_invites (" PARLEY_INVITE_COLUMNS
                                     ") VALUES ($1::text, $2::text, $3::text, $4::bigint, $5::bigint, $6::bigint, 0, 0)"
                                     " ON CONFLICT (token) DO NOTHING RETURNING token";
constexpr std::string_view kByToken = "SELECT " PARLEY_INVITE_COLUMNS " FROM group_invites WHERE token = $1::text";
constexpr std::string_view kOfChat = "SELECT " PARLEY_INVITE_COLUMNS
                                     " FROM group_invites WHERE chat_id = $1::text AND revoked_at = 0 "
                                     "ORDER BY created_at DESC, token DESC LIMIT $2::bigint";
// Revoking again keeps the first time.
constexpr std::string_view kRevoke =
    "UPDATE group_invites SET revoked_at = CASE WHEN revoked_at = 0 THEN $3::bigint ELSE revoked_at END "
    "WHERE token = $2::text AND chat_id = $1::text RETURNING " PARLEY_INVITE_COLUMNS;
#undef PARLEY_INVITE_COLUMNS
// The group's invites usable at $2; no row when the chat is not a group.
constexpr std::string_view kUsable =
    "SELECT (SELECT COUNT(*) FROM group_invites i WHERE i.chat_id = c.id AND i.revoked_at = 0"
    " AND (i.expires_at = 0 OR $2::bigint < i.expires_at) AND (i.max_uses = 0 OR i.uses < i.max_uses)) "
    "FROM chats c WHERE c.id = $1::text AND c.kind = 'group'";
// One use of an invite of the chat usable at $3; no row when there is none such.
constexpr std::string_view kUse =
    "UPDATE group_invites SET uses = uses + 1 WHERE token = $2::text AND chat_id = $1::text AND revoked_at = 0"
    " AND (expires_at = 0 OR $3::bigint < expires_at) AND (max_uses = 0 OR uses < max_uses) RETURNING uses";

Invite read_invite(const Rows& r, int row) {
  Invite i;
  i.token = r.text(row, 0);
  i.chat_id = r.text(row, 1);
  i.created_by = r.text(row, 2);
  i.created_at = r.int64(row, 3);
  i.expires_at = r.int64(row, 4);
  i.max_uses = r.int64(row, 5);
  i.uses = r.int64(row, 6);
  i.revoked_at = r.int64(row, 7);
  return i;
}

// The one invite of `reply`; kNotFound when it has no row.
Result<Invite> one(const Reply& reply) {
  if (!reply) return fail(errc_of(reply));
  if (reply->empty()) return fail(Errc::kNotFound);
  return read_invite(*reply, 0);
}

}  // namespace

Result<void> use_invite(Connection& db, std::string_view chat_id, std::string_view token, TimeMs at) {
  auto r = db.query(kUse, Params(chat_id, token, at));
  if (!r) return fail(errc_of(r));
  if (r->empty()) return fail(Errc::kInvalid);
  return {};
}

Result<Invite> PostgresStore::create_invite(const Invite& invite, std::size_t max_usable) {
  return write<Invite>(lock_names({lock_key(invite.chat_id)}), [&](Connection& db) -> Result<Invite> {
    auto usable = db.query(kUsable, Params(invite.chat_id, invite.created_at));
    if (!usable) return fail(errc_of(usable));
    if (usable->empty()) return fail(Errc::kNotFound);  // not a group
    if (usable->int64(0, 0) >= static_cast<std::int64_t>(max_usable)) return fail(Errc::kLimit);
    auto inserted = db.query(kInsert, Params(invite.token, invite.chat_id, invite.created_by, invite.created_at,
                                             invite.expires_at, invite.max_uses));
    if (!inserted) return fail(errc_of(inserted));
    if (inserted->empty()) return fail(Errc::kConflict);  // the token is taken
    Invite stored = invite;
    stored.uses = 0;
    stored.revoked_at = 0;
    return stored;
  });
}

Result<Invite> PostgresStore::invite(std::string_view token) {
  return read([&](Connection& db) -> Result<Invite> { return one(db.query(kByToken, Params(token))); });
}

Result<std::vector<Invite>> PostgresStore::invites(std::string_view chat_id) {
  return read([&](Connection& db) -> Result<std::vector<Invite>> {
    auto r = db.query(kOfChat, Params(chat_id, static_cast<std::int64_t>(kMaxListedInvites)));
    if (!r) return fail(errc_of(r));
    std::vector<Invite> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_invite(*r, i));
    return out;
  });
}

Result<Invite> PostgresStore::revoke_invite(std::string_view chat_id, std::string_view token, TimeMs at) {
  return write<Invite>(lock_names({lock_key(chat_id)}), [&](Connection& db) -> Result<Invite> {
    return one(db.query(kRevoke, Params(chat_id, token, at)));
  });
}

}  // namespace parley::store::postgres
