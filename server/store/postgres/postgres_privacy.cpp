// PostgresStore: privacy settings (store/privacy.hpp). See postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = $1::text";
constexpr std::string_view kSettings =
    "SELECT read_receipts, typing, last_seen FROM user_privacy WHERE user_id = $1::text";
constexpr std::string_view kExceptions =
    "SELECT other_id, share FROM privacy_exceptions WHERE user_id = $1::text ORDER BY position";
constexpr std::string_view kSaveSettings =
    "INSERT INTO user_privacy (user_id, read_receipts, typing, last_seen) "
    "VALUES ($1::text, $2::bigint <> 0, $3::bigint <> 0, $4::smallint) "
    "ON CONFLICT (user_id) DO UPDATE SET read_receipts = excluded.read_receipts, typing = excluded.typing, "
    "last_seen = excluded.last_seen";
constexpr std::string_view kDropSettings = "DELETE FROM user_privacy WHERE user_id = $1::text";
constexpr std::string_view kDropExceptions = "DELETE FROM privacy_exceptions WHERE user_id = $1::text";
// One list in its order after position $4; an unknown user fails the statement (a foreign key:
// kNotFound); a user already in the other list is kept there.
constexpr std::string_view kAddExceptions =
    "INSERT INTO privacy_exceptions (user_id, other_id, share, position) "
    "SELECT $1::text, e.other_id, $3::bigint <> 0, $4::bigint + e.ord "
    "FROM unnest($2::text[]) WITH ORDINALITY AS e (other_id, ord) ON CONFLICT (user_id, other_id) DO NOTHING";
constexpr std::string_view kNotDefault =
    "SELECT user_id, read_receipts, typing, last_seen FROM user_privacy ORDER BY user_id COLLATE \"C\"";
constexpr std::string_view kAllExceptions =
    "SELECT user_id, other_id, share FROM privacy_exceptions ORDER BY user_id COLLATE \"C\", position";

Audience audience_of(std::int64_t v) { return static_cast<Audience>(std::clamp<std::int64_t>(v, 0, 2)); }

Result<Privacy> load(Connection& db, std::string_view user_id) {
  Privacy p;
  auto settings = db.query(kSettings, Params(user_id));
  if (!settings) return fail(errc_of(settings));
  if (!settings->empty()) {
    p.read_receipts = settings->boolean(0, 0);
    p.typing = settings->boolean(0, 1);
    p.last_seen = audience_of(settings->int64(0, 2));
  }
  auto exceptions = db.query(kExceptions, Params(user_id));
  if (!exceptions) return fail(errc_of(exceptions));
  for (int i = 0; i < exceptions->size(); ++i) {
    (exceptions->boolean(i, 1) ? p.always : p.never).push_back(exceptions->text(i, 0));
  }
  return p;
}

// `ids` without `self` and without repeats, in their order.
std::vector<std::string> others(const std::vector<std::string>& ids, std::string_view self) {
  std::vector<std::string> out;
  for (const auto& id : ids) {
    if (id != self && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

}  // namespace

Result<bool> user_exists(Connection& db, std::string_view id) {
  auto r = db.query(kUserExists, Params(id));
  if (!r) return fail(errc_of(r));
  return !r->empty();
}

Result<Privacy> PostgresStore::privacy(std::string_view user_id) {
  return read([&](Connection& db) -> Result<Privacy> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    return load(db, user_id);
  });
}

Result<Privacy> PostgresStore::set_privacy(std::string_view user_id, const Privacy& privacy) {
  return write<Privacy>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<Privacy> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    if (auto r = db.query(kDropExceptions, Params(user_id)); !r) return fail(errc_of(r));
    // `never` first: a user in both lists is kept out.
    const auto never = others(privacy.never, user_id);
    const auto always = others(privacy.always, user_id);
    if (!never.empty()) {
      if (auto r = db.query(kAddExceptions, Params(user_id, never, 0, 0)); !r) return fail(errc_of(r));
    }
    if (!always.empty()) {
      auto r = db.query(kAddExceptions, Params(user_id, always, 1, static_cast<std::int64_t>(never.size())));
      if (!r) return fail(errc_of(r));
    }
    const Privacy defaults;
    const bool plain = privacy.read_receipts == defaults.read_receipts && privacy.typing == defaults.typing &&
                       privacy.last_seen == defaults.last_seen && never.empty() && always.empty();
    auto r = plain ? db.query(kDropSettings, Params(user_id))
                   : db.query(kSaveSettings, Params(user_id, privacy.read_receipts ? 1 : 0, privacy.typing ? 1 : 0,
                                                    static_cast<std::int64_t>(privacy.last_seen)));
    if (!r) return fail(errc_of(r));
    return load(db, user_id);
  });
}

Result<std::vector<UserPrivacy>> PostgresStore::privacy_not_default() {
  return read([&](Connection& db) -> Result<std::vector<UserPrivacy>> {
    std::map<std::string, Privacy> out;
    auto settings = db.query(kNotDefault, Params());
    if (!settings) return fail(errc_of(settings));
    for (int i = 0; i < settings->size(); ++i) {
      auto& p = out[settings->text(i, 0)];
      p.read_receipts = settings->boolean(i, 1);
      p.typing = settings->boolean(i, 2);
      p.last_seen = audience_of(settings->int64(i, 3));
    }
    // A user with exceptions has a settings row too (set_privacy keeps one).
    auto exceptions = db.query(kAllExceptions, Params());
    if (!exceptions) return fail(errc_of(exceptions));
    for (int i = 0; i < exceptions->size(); ++i) {
      auto it = out.find(exceptions->text(i, 0));
      if (it != out.end())
        (exceptions->boolean(i, 2) ? it->second.always : it->second.never).push_back(exceptions->text(i, 1));
    }
    std::vector<UserPrivacy> result;
    result.reserve(out.size());
    for (auto& [id, p] : out) result.push_back({id, std::move(p)});
    return result;
  });
}

}  // namespace parley::store::postgres
