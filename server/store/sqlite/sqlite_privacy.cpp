// SqliteStore: privacy settings (store/privacy.hpp). See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>
#include <map>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = ?1";
constexpr std::string_view kSettings = "SELECT read_receipts, typing, last_seen FROM user_privacy WHERE user_id = ?1";
constexpr std::string_view kExceptions =
    "SELECT other_id, share FROM privacy_exceptions WHERE user_id = ?1 ORDER BY position";
constexpr std::string_view kSaveSettings =
    "INSERT INTO user_privacy (user_id, read_receipts, typing, last_seen) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_id) DO UPDATE SET read_receipts = excluded.read_receipts, typing = excluded.typing, "
    "last_seen = excluded.last_seen";
constexpr std::string_view kDropSettings = "DELETE FROM user_privacy WHERE user_id = ?1";
constexpr std::string_view kDropExceptions = "DELETE FROM privacy_exceptions WHERE user_id = ?1";
constexpr std::string_view kAddException =
    "INSERT OR IGNORE INTO privacy_exceptions (user_id, other_id, share, position) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kNotDefault =
    "SELECT user_id, read_receipts, typing, last_seen FROM user_privacy ORDER BY user_id";
constexpr std::string_view kAllExceptions =
    "SELECT user_id, other_id, share FROM privacy_exceptions ORDER BY user_id, position";

Audience audience_of(std::int64_t v) { return static_cast<Audience>(std::clamp<std::int64_t>(v, 0, 2)); }

Result<Privacy> load(Connection& db, std::string_view user_id) {
  Privacy p;
  {
    Query q(db, kSettings);
    q.bind(user_id);
    if (q.next()) {
      p.read_receipts = q.int64(0) != 0;
      p.typing = q.int64(1) != 0;
      p.last_seen = audience_of(q.int64(2));
    } else if (q.failed()) {
      return fail(q.error());
    }
  }
  Query q(db, kExceptions);
  q.bind(user_id);
  while (q.next()) (q.int64(1) != 0 ? p.always : p.never).push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return p;
}

}  // namespace

Result<bool> user_exists(Connection& db, std::string_view id) {
  Query q(db, kUserExists);
  q.bind(id);
  if (q.next()) return true;
  if (q.failed()) return fail(q.error());
  return false;
}

Result<Privacy> SqliteStore::privacy(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  auto exists = user_exists(*db, user_id);
  if (!exists) return fail(exists.error());
  if (!*exists) return fail(Errc::kNotFound);
  return load(*db, user_id);
}

Result<Privacy> SqliteStore::set_privacy(std::string_view user_id, const Privacy& privacy) {
  return write<Privacy>([&](Connection& db) -> Result<Privacy> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    {
      Query q(db, kDropExceptions);
      q.bind(user_id);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    // `never` first: a user in both lists is kept out.
    std::int64_t position = 0;
    for (const auto* list : {&privacy.never, &privacy.always}) {
      const bool share = list == &privacy.always;
      for (const auto& other : *list) {
        if (other == user_id) continue;
        auto known = user_exists(db, other);
        if (!known) return fail(known.error());
        if (!*known) return fail(Errc::kNotFound);
        Query q(db, kAddException);
        q.bind(user_id, other, share ? 1 : 0, position++);
        if (auto r = q.run(); !r) return fail(r.error());
      }
    }
    const Privacy defaults;
    const bool plain = privacy.read_receipts == defaults.read_receipts && privacy.typing == defaults.typing &&
                       privacy.last_seen == defaults.last_seen && position == 0;
    if (plain) {
      Query q(db, kDropSettings);
      q.bind(user_id);
      if (auto r = q.run(); !r) return fail(r.error());
    } else {
      Query q(db, kSaveSettings);
      q.bind(user_id, privacy.read_receipts ? 1 : 0, privacy.typing ? 1 : 0,
             static_cast<std::int64_t>(privacy.last_seen));
      if (auto r = q.run(); !r) return fail(r.error());
    }
    return load(db, user_id);
  });
}

Result<std::vector<UserPrivacy>> SqliteStore::privacy_not_default() {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  std::map<std::string, Privacy> out;
  {
    Query q(*db, kNotDefault);
    while (q.next()) {
      auto& p = out[q.text(0)];
      p.read_receipts = q.int64(1) != 0;
      p.typing = q.int64(2) != 0;
      p.last_seen = audience_of(q.int64(3));
    }
    if (q.failed()) return fail(q.error());
  }
  // A user with exceptions has a settings row too (set_privacy keeps one).
  Query q(*db, kAllExceptions);
  while (q.next()) {
    auto it = out.find(q.text(0));
    if (it != out.end()) (q.int64(2) != 0 ? it->second.always : it->second.never).push_back(q.text(1));
  }
  if (q.failed()) return fail(q.error());
  std::vector<UserPrivacy> result;
  result.reserve(out.size());
  for (auto& [id, p] : out) result.push_back({id, std::move(p)});
  return result;
}

}  // namespace parley::store::sqlite
