// SqliteStore: custom emoji (store/emoji.hpp). See sqlite_store_impl.hpp. The image is kept in
// base64.
#include "store/sqlite/sqlite_store_impl.hpp"
#include "util/base64.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kCount = "SELECT COUNT(*) FROM custom_emoji WHERE scope = ?1";
constexpr std::string_view kTaken = "SELECT 1 FROM custom_emoji WHERE scope = ?1 AND shortcode = ?2";
constexpr std::string_view kInsert =
    "INSERT INTO custom_emoji (id, scope, shortcode, mime, image, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kDelete =
    "DELETE FROM custom_emoji WHERE scope = ?1 AND shortcode = ?2 "
    "RETURNING id, scope, shortcode, mime, created_by, created_at";
constexpr std::string_view kInScope =
    "SELECT id, scope, shortcode, mime, created_by, created_at FROM custom_emoji WHERE scope = ?1 "
    "ORDER BY shortcode";
constexpr std::string_view kImage =
    "SELECT id, scope, shortcode, mime, created_by, created_at, image FROM custom_emoji WHERE id = ?1";

CustomEmoji read_emoji(const Query& q) {
  CustomEmoji e;
  e.id = q.text(0);
  e.scope = q.text(1);
  e.shortcode = q.text(2);
  e.mime = q.text(3);
  e.created_by = q.text(4);
  e.created_at = q.int64(5);
  return e;
}

}  // namespace

Result<CustomEmoji> SqliteStore::add_emoji(const CustomEmoji& emoji, std::size_t max_in_scope) {
  return write<CustomEmoji>([&](Connection& db) -> Result<CustomEmoji> {
    {
      Query q(db, kTaken);
      q.bind(emoji.scope, emoji.shortcode);
      if (q.next()) return fail(Errc::kConflict);
      if (q.failed()) return fail(q.error());
    }
    {
      Query q(db, kCount);
      q.bind(emoji.scope);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      if (static_cast<std::uint64_t>(q.int64(0)) >= max_in_scope) return fail(Errc::kLimit);
    }
    Query q(db, kInsert);
    q.bind(emoji.id, emoji.scope, emoji.shortcode, emoji.mime, util::base64_encode(emoji.image), emoji.created_by,
           emoji.created_at);
    if (auto r = q.run(); !r) return fail(r.error());
    CustomEmoji stored = emoji;
    stored.image.clear();
    return stored;
  });
}

Result<CustomEmoji> SqliteStore::remove_emoji(std::string_view scope, std::string_view shortcode) {
  return write<CustomEmoji>([&](Connection& db) -> Result<CustomEmoji> {
    Query q(db, kDelete);
    q.bind(scope, shortcode);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
    return read_emoji(q);
  });
}

Result<std::vector<CustomEmoji>> SqliteStore::emoji_in(std::string_view scope) {
  auto db = readers_->acquire();
  Query q(*db, kInScope);
  q.bind(scope);
  std::vector<CustomEmoji> out;
  while (q.next()) out.push_back(read_emoji(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<CustomEmoji> SqliteStore::emoji_image(std::string_view id) {
  auto db = readers_->acquire();
  Query q(*db, kImage);
  q.bind(id);
  if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
  CustomEmoji e = read_emoji(q);
  auto image = util::base64_decode(q.text(6));
  if (!image) return fail(Errc::kUnavailable);
  e.image = std::move(*image);
  return e;
}

Result<bool> SqliteStore::has_emoji(std::string_view scope, std::string_view shortcode) {
  auto db = readers_->acquire();
  Query q(*db, kTaken);
  q.bind(scope, shortcode);
  if (q.next()) return true;
  if (q.failed()) return fail(q.error());
  return false;
}

}  // namespace parley::store::sqlite
