// PostgresStore: the message search index (store/search.hpp). The search forms are kept in
// message_search.body with a pg_trgm GIN index, so each pattern is a `body LIKE '%pattern%'`
// the index answers; the statement is built for the filters a search has and planned for its
// values each time (a generic plan cannot tell a rare pattern from a common one).
#include "store/postgres/postgres_store_impl.hpp"

#include "util/search_text.hpp"

#include <algorithm>
#include <string>

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kReindex =
    "UPDATE message_search SET body = $2::text, flags = (flags & ~1) | $3::integer WHERE message_id = $1::text";
constexpr std::string_view kUnindex = "DELETE FROM message_search WHERE message_id = ANY ($1::text[])";
constexpr std::string_view kPending =
    "SELECT s.position, m.content, m.attachments IS NOT NULL FROM message_search s JOIN messages m ON m.id = "
    "s.message_id "
    "WHERE s.body IS NULL ORDER BY s.position LIMIT $1::bigint";
constexpr std::string_view kSetBodies =
    "UPDATE message_search s SET body = b.body, flags = b.flags "
    "FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS b (position, body, flags) WHERE s.position = b.position";
constexpr std::string_view kPendingCount = "SELECT count(*) FROM message_search WHERE body IS NULL";

std::int64_t flags_of(std::string_view content, bool has_files) {
  return (util::has_link(content) ? kSearchHasLink : 0) | (has_files ? kSearchHasFile : 0);
}

// A LIKE pattern that matches `text` anywhere.
std::string contains(std::string_view text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

// The statement of one search and its parameters, built together.
class SearchSql {
 public:
  std::string sql;
  Params params;

  // "$n::type" of a new parameter.
  template <class T>
  std::string param(const T& value, std::string_view type) {
    params.add(value);
    return "$" + std::to_string(params.size()) + "::" + std::string(type);
  }
};

}  // namespace

std::optional<std::string> search_body_of(const NewMessage& m) {
  if (m.kind != "text") return std::nullopt;
  return util::search_text(m.content);
}

std::int64_t search_flags_of(const NewMessage& m) { return flags_of(m.content, !m.file_ids.empty()); }

void reindex_message(Connection& db, std::string_view message_id, std::string_view content) {
  db.defer(kReindex, Params(message_id, util::search_text(content), util::has_link(content) ? kSearchHasLink : 0));
}

void unindex_messages(Connection& db, const std::vector<std::string>& message_ids) {
  db.defer(kUnindex, Params(message_ids), Plan::kEachTime);
}

Result<std::vector<SearchHit>> PostgresStore::search_messages(const MessageSearch& search) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(search.limit, 1, kMaxSearchPage));
  SearchSql q;
  const auto viewer = q.param(search.viewer, "text");
  q.sql = "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m") ", s.position FROM message_search s "
          "JOIN chat_participants p ON p.chat_id = s.chat_id AND p.user_id = " + viewer +
          " AND s.seq > p.visible_after_seq JOIN messages m ON m.id = s.message_id WHERE s.body IS NOT NULL";
  for (const auto& pattern : search.all) q.sql += " AND s.body LIKE " + q.param(contains(pattern), "text");
  for (const auto& pattern : search.none) q.sql += " AND s.body NOT LIKE " + q.param(contains(pattern), "text");
  if (search.below_position > 0) q.sql += " AND s.position < " + q.param(search.below_position, "bigint");
  if (!search.chat_ids.empty()) q.sql += " AND s.chat_id = ANY (" + q.param(search.chat_ids, "text[]") + ")";
  if (!search.sender_ids.empty()) q.sql += " AND s.sender_id = ANY (" + q.param(search.sender_ids, "text[]") + ")";
  if (search.sent_from > 0) q.sql += " AND s.created_at >= " + q.param(search.sent_from, "bigint");
  if (search.sent_before > 0) q.sql += " AND s.created_at < " + q.param(search.sent_before, "bigint");
  if (search.flags != 0) {
    const auto flags = q.param(search.flags, "integer");
    q.sql += " AND (s.flags & " + flags + ") = " + flags;
  }
  if (search.pinned) q.sql += " AND m.pinned_at IS NOT NULL";
  q.sql += " AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = " + viewer +
           " AND h.message_id = s.message_id) ORDER BY s.position DESC LIMIT " + q.param(limit, "bigint");
  return read([&](Connection& db) -> Result<std::vector<SearchHit>> {
    auto r = db.query(q.sql, q.params, Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    std::vector<SearchHit> hits;
    hits.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) hits.push_back(SearchHit{read_message(*r, i), r->int64(i, kMessageColumns)});
    return hits;
  });
}

Result<IndexProgress> PostgresStore::index_pending_messages(std::size_t limit) {
  return write<IndexProgress>({}, [&](Connection& db) -> Result<IndexProgress> {
    auto pending = db.query(kPending, Params(static_cast<std::int64_t>(limit)));
    if (!pending) return fail(errc_of(pending));
    std::vector<std::int64_t> positions, flags;
    std::vector<std::string> bodies;
    for (int i = 0; i < pending->size(); ++i) {
      const auto content = pending->text(i, 1);
      positions.push_back(pending->int64(i, 0));
      bodies.push_back(util::search_text(content));
      flags.push_back(flags_of(content, pending->boolean(i, 2)));
    }
    if (!positions.empty()) {
      auto set = db.query(kSetBodies, Params(positions, bodies, flags), Plan::kEachTime);
      if (!set) return fail(errc_of(set));
    }
    auto count = db.query(kPendingCount);
    if (!count || count->empty()) return fail(count ? Errc::kUnavailable : errc_of(count));
    return IndexProgress{positions.size(), static_cast<std::size_t>(count->int64(0, 0))};
  });
}

}  // namespace parley::store::postgres
