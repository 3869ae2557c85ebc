// PostgresStore: blocks (store/moderation.hpp). See postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kUsersExist = "SELECT count(*) FROM users WHERE id IN ($1::text, $2::text)";
constexpr std::string_view kCount = "SELECT count(*) FROM user_blocks WHERE user_id = $1::text";
constexpr std::string_view kBlock =
    "INSERT INTO user_blocks (user_id, blocked_id, created_at) VALUES ($1::text, $2::text, $3::bigint) "
    "ON CONFLICT DO NOTHING RETURNING 1";
constexpr std::string_view kUnblock =
    "DELETE FROM user_blocks WHERE user_id = $1::text AND blocked_id = $2::text RETURNING 1";
constexpr std::string_view kBlocksOf =
    "SELECT user_id, blocked_id, created_at FROM user_blocks WHERE user_id = $1::text "
    "ORDER BY created_at DESC, blocked_id COLLATE \"C\"";
constexpr std::string_view kAll =
    "SELECT user_id, blocked_id, created_at FROM user_blocks "
    "ORDER BY user_id COLLATE \"C\", created_at DESC, blocked_id COLLATE \"C\"";

std::vector<Block> blocks_in(const Rows& rows) {
  std::vector<Block> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back({rows.text(i, 0), rows.text(i, 1), rows.int64(i, 2)});
  return out;
}

}  // namespace

Result<bool> PostgresStore::set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) {
  if (user_id == other_id) return fail(Errc::kInvalid);
  return write<bool>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<bool> {
    auto users = db.query(kUsersExist, Params(user_id, other_id));
    if (!users) return fail(errc_of(users));
    if (users->int64(0, 0) != 2) return fail(Errc::kNotFound);
    if (!blocked) {
      auto r = db.query(kUnblock, Params(user_id, other_id));
      if (!r) return fail(errc_of(r));
      return !r->empty();
    }
    auto count = db.query(kCount, Params(user_id));
    if (!count) return fail(errc_of(count));
    if (static_cast<std::size_t>(count->int64(0, 0)) >= kMaxBlocks) return fail(Errc::kInvalid);
    auto r = db.query(kBlock, Params(user_id, other_id, at));
    if (!r) return fail(errc_of(r));
    return !r->empty();
  });
}

Result<std::vector<Block>> PostgresStore::blocks_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<Block>> {
    auto r = db.query(kBlocksOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    return blocks_in(*r);
  });
}

Result<std::vector<Block>> PostgresStore::all_blocks() {
  return read([&](Connection& db) -> Result<std::vector<Block>> {
    auto r = db.query(kAll, Params());
    if (!r) return fail(errc_of(r));
    return blocks_in(*r);
  });
}

}  // namespace parley::store::postgres
