// PostgresStore: custom emoji (store/emoji.hpp). See postgres_store_impl.hpp. The image is kept
// in base64.
#include "store/postgres/postgres_store_impl.hpp"
#include "util/base64.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kCount = "SELECT COUNT(*) FROM custom_emoji WHERE scope = $1::text";
constexpr std::string_view kTaken = "SELECT 1 FROM custom_emoji WHERE scope = $1::text AND shortcode = $2::text";
constexpr std::string_view kInsert =
    "INSERT INTO custom_emoji (id, scope, shortcode, mime, image, created_by, created_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::bigint) "
    "ON CONFLICT (scope, shortcode) DO NOTHING RETURNING id";
constexpr std::string_view kDelete =
    "DELETE FROM custom_emoji WHERE scope = $1::text AND shortcode = $2::text "
    "RETURNING id, scope, shortcode, mime, created_by, created_at";
constexpr std::string_view kInScope =
    "SELECT id, scope, shortcode, mime, created_by, created_at FROM custom_emoji WHERE scope = $1::text "
    "ORDER BY shortcode COLLATE \"C\"";
constexpr std::string_view kImage =
    "SELECT id, scope, shortcode, mime, created_by, created_at, image FROM custom_emoji WHERE id = $1::text";

CustomEmoji read_emoji(const Rows& r, int row) {
  CustomEmoji e;
  e.id = r.text(row, 0);
  e.scope = r.text(row, 1);
  e.shortcode = r.text(row, 2);
  e.mime = r.text(row, 3);
  e.created_by = r.text(row, 4);
  e.created_at = r.int64(row, 5);
  return e;
}

}  // namespace

Result<CustomEmoji> PostgresStore::add_emoji(const CustomEmoji& emoji, std::size_t max_in_scope) {
  // The scope's lock: two adds of one scope count in turn.
  return write<CustomEmoji>(lock_names({lock_key("emoji:" + emoji.scope)}), [&](Connection& db) -> Result<CustomEmoji> {
    auto count = db.query(kCount, Params(emoji.scope));
    if (!count) return fail(errc_of(count));
    if (static_cast<std::uint64_t>(count->int64(0, 0)) >= max_in_scope) {
      auto taken = db.query(kTaken, Params(emoji.scope, emoji.shortcode));
      if (!taken) return fail(errc_of(taken));
      return fail(taken->empty() ? Errc::kLimit : Errc::kConflict);
    }
    auto r = db.query(kInsert, Params(emoji.id, emoji.scope, emoji.shortcode, emoji.mime,
                                      util::base64_encode(emoji.image), emoji.created_by, emoji.created_at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kConflict);
    CustomEmoji stored = emoji;
    stored.image.clear();
    return stored;
  });
}

Result<CustomEmoji> PostgresStore::remove_emoji(std::string_view scope, std::string_view shortcode) {
  return write<CustomEmoji>(lock_names({lock_key("emoji:" + std::string(scope))}),
                            [&](Connection& db) -> Result<CustomEmoji> {
                              auto r = db.query(kDelete, Params(scope, shortcode));
                              if (!r) return fail(errc_of(r));
                              if (r->empty()) return fail(Errc::kNotFound);
                              return read_emoji(*r, 0);
                            });
}

Result<std::vector<CustomEmoji>> PostgresStore::emoji_in(std::string_view scope) {
  return read([&](Connection& db) -> Result<std::vector<CustomEmoji>> {
    auto r = db.query(kInScope, Params(scope));
    if (!r) return fail(errc_of(r));
    std::vector<CustomEmoji> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_emoji(*r, i));
    return out;
  });
}

Result<CustomEmoji> PostgresStore::emoji_image(std::string_view id) {
  return read([&](Connection& db) -> Result<CustomEmoji> {
    auto r = db.query(kImage, Params(id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    CustomEmoji e = read_emoji(*r, 0);
    auto image = util::base64_decode(r->text(0, 6));
    if (!image) return fail(Errc::kUnavailable);
    e.image = std::move(*image);
    return e;
  });
}

Result<bool> PostgresStore::has_emoji(std::string_view scope, std::string_view shortcode) {
  return read([&](Connection& db) -> Result<bool> {
    auto r = db.query(kTaken, Params(scope, shortcode));
    if (!r) return fail(errc_of(r));
    return !r->empty();
  });
}

}  // namespace parley::store::postgres
