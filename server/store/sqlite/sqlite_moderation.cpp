// SqliteStore: blocks (store/moderation.hpp). See sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = ?1";
constexpr std::string_view kCount = "SELECT count(*) FROM user_blocks WHERE user_id = ?1";
constexpr std::string_view kBlock =
    "INSERT INTO user_blocks (user_id, blocked_id, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
constexpr std::string_view kUnblock = "DELETE FROM user_blocks WHERE user_id = ?1 AND blocked_id = ?2";
constexpr std::string_view kBlocksOf =
    "SELECT user_id, blocked_id, created_at FROM user_blocks WHERE user_id = ?1 "
    "ORDER BY created_at DESC, blocked_id";
constexpr std::string_view kAll =
    "SELECT user_id, blocked_id, created_at FROM user_blocks ORDER BY user_id, created_at DESC, blocked_id";

Result<bool> user_exists(Connection& db, std::string_view id) {
  Query q(db, kUserExists);
  q.bind(id);
  if (q.next()) return true;
  if (q.failed()) return fail(q.error());
  return false;
}

Result<std::vector<Block>> read_blocks(Query& q) {
  std::vector<Block> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.int64(2)});
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace

Result<bool> SqliteStore::set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) {
  if (user_id == other_id) return fail(Errc::kInvalid);
  return write<bool>([&](Connection& db) -> Result<bool> {
    for (const auto id : {user_id, other_id}) {
      auto exists = user_exists(db, id);
      if (!exists) return fail(exists.error());
      if (!*exists) return fail(Errc::kNotFound);
    }
    if (!blocked) {
      Query q(db, kUnblock);
      q.bind(user_id, other_id);
      if (auto r = q.run(); !r) return fail(r.error());
      return db.changes() > 0;
    }
    {
      Query q(db, kCount);
      q.bind(user_id);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      if (static_cast<std::size_t>(q.int64(0)) >= kMaxBlocks) return fail(Errc::kInvalid);
    }
    Query q(db, kBlock);
    q.bind(user_id, other_id, at);
    if (auto r = q.run(); !r) return fail(r.error());
    return db.changes() > 0;
  });
}

Result<std::vector<Block>> SqliteStore::blocks_of(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kBlocksOf);
  q.bind(user_id);
  return read_blocks(q);
}

Result<std::vector<Block>> SqliteStore::all_blocks() {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kAll);
  return read_blocks(q);
}

}  // namespace parley::store::sqlite
