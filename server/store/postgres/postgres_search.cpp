// PostgresStore: the message search index (store/search.hpp). The search forms are kept in
// message_search.body with a pg_trgm GIN index. The statement is built for the filters a search
// has and planned for its values each time. A search by text (without from:) first samples how
// often its patterns occur among the newest rows and how many rows the viewer's chats hold, then
// takes the cheaper of two shapes, which the planner cannot tell apart (its estimate of
// `LIKE '%…%'` follows the pattern, not the data):
//   - a walk: the newest rows first, of the viewer's chats only, each tested (strpos, which no
//     index answers), stopping at the limit: for patterns found often;
//   - a bitmap: the GIN index's rows of every pattern, of the viewer's chats, taken once and
//     then ordered: for patterns found rarely.
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

// The sample (the 2,000 newest indexed rows: how many hold every pattern of $1, and how many
// there are), the index's highest position, how many messages of the viewer's ($2) chats they
// may see (only those of $3 when not empty), and those chats: each with the seq the viewer's
// history starts after (0 for most).
constexpr std::string_view kSample =
    "WITH mine AS (SELECT p.chat_id, p.visible_after_seq, c.last_seq FROM chat_participants p "
    "JOIN chats c ON c.id = p.chat_id WHERE p.user_id = $2::text AND (cardinality($3::text[]) = 0 OR p.chat_id = ANY "
    "($3))) "
    "SELECT (SELECT count(*) FILTER (WHERE (SELECT bool_and(strpos(x.body, p) > 0) FROM unnest($1::text[]) p)) "
    "FROM (SELECT body FROM message_search WHERE body IS NOT NULL ORDER BY position DESC LIMIT 2000) x), "
    "(SELECT count(*) FROM (SELECT 1 FROM message_search WHERE body IS NOT NULL ORDER BY position DESC LIMIT 2000) y), "
    "(SELECT COALESCE(max(position), 0) FROM message_search), "
    "(SELECT COALESCE(sum(GREATEST(last_seq - visible_after_seq, 0)), 0) FROM mine), "
    "(SELECT COALESCE(array_agg(chat_id), '{}') FROM mine), "
    "(SELECT COALESCE(array_agg(chat_id), '{}') FROM mine WHERE visible_after_seq > 0), "
    "(SELECT COALESCE(array_agg(visible_after_seq), '{}') FROM mine WHERE visible_after_seq > 0)";

enum class Shape { kPlanned, kWalk, kBitmap };

// The cost of each shape, estimated from the sample, in rows of a walk: a walk reads rows in
// the order of the primary key, which is the heap's, until `limit` of them match in the
// viewer's chats; a bitmap reads the GIN entries of every match anywhere (a fifth of a walked
// row each) and fetches every match in the viewer's chats from all over the heap (seven walked
// rows each). Measured on a million messages (bench/results/2026-12-06-search.md): 1.6 µs per
// walked row, 0.34 µs per GIN entry, 11.6 µs per fetched match.
Shape shape_of(double sampled, double found, double all_rows, double viewer_rows, double limit) {
  if (viewer_rows <= 0) return Shape::kBitmap;
  const double f = found / std::max(sampled, 1.0);
  if (f <= 0) return Shape::kBitmap;
  const double walk = limit * all_rows / (f * viewer_rows);
  const double bitmap = 7.25 * f * viewer_rows + 0.21 * f * all_rows;
  return walk < bitmap ? Shape::kWalk : Shape::kBitmap;
}

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
  return read([&](Connection& db) -> Result<std::vector<SearchHit>> {
    Shape shape = Shape::kPlanned;
    SearchSql q;
    const auto viewer = q.param(search.viewer, "text");
    std::string row = "s.body IS NOT NULL";  // the tests of a row `s` of message_search alone
    if (!search.all.empty() && search.sender_ids.empty()) {
      auto sample = db.query(kSample, Params(search.all, search.viewer, search.chat_ids));
      if (!sample || sample->empty()) return fail(sample ? Errc::kUnavailable : errc_of(sample));
      const auto number = [&](int column) { return static_cast<double>(sample->int64(0, column)); };
      shape = shape_of(number(1), number(0), number(2), number(3), static_cast<double>(limit));
      const auto chats = sample->text_array(0, 4);
      if (chats.empty()) return std::vector<SearchHit>{};
      // The viewer's chats, without the messages before their history starts where it does.
      row += " AND s.chat_id = ANY (" + q.param(chats, "text[]") + ")";
      const auto late = sample->text_array(0, 5);
      if (!late.empty()) {
        std::vector<std::int64_t> after;
        for (const auto& seq : sample->text_array(0, 6)) after.push_back(std::stoll(seq));
        row += " AND s.seq > COALESCE((SELECT u.seq FROM unnest(" + q.param(late, "text[]") + ", " +
               q.param(after, "bigint[]") + ") u (chat_id, seq) WHERE u.chat_id = s.chat_id), 0)";
      }
    }
    for (const auto& pattern : search.all) {
      row += shape == Shape::kWalk ? " AND strpos(s.body, " + q.param(pattern, "text") + ") > 0"
                                   : " AND s.body LIKE " + q.param(contains(pattern), "text");
    }
    for (const auto& pattern : search.none) row += " AND strpos(s.body, " + q.param(pattern, "text") + ") = 0";
    if (search.below_position > 0) row += " AND s.position < " + q.param(search.below_position, "bigint");
    if (!search.chat_ids.empty() && shape == Shape::kPlanned) {
      row += " AND s.chat_id = ANY (" + q.param(search.chat_ids, "text[]") + ")";
    }
    if (!search.sender_ids.empty()) row += " AND s.sender_id = ANY (" + q.param(search.sender_ids, "text[]") + ")";
    if (search.sent_from > 0) row += " AND s.created_at >= " + q.param(search.sent_from, "bigint");
    if (search.sent_before > 0) row += " AND s.created_at < " + q.param(search.sent_before, "bigint");
    if (search.flags != 0) {
      const auto flags = q.param(search.flags, "integer");
      row += " AND (s.flags & " + flags + ") = " + flags;
    }
    const std::string visible =
        " AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = " + viewer +
        " AND h.message_id = s.message_id)" +
        (search.pinned
             ? " AND EXISTS (SELECT 1 FROM messages pm WHERE pm.id = s.message_id AND pm.pinned_at IS NOT NULL)"
             : "");
    const auto page = q.param(limit, "bigint");
    std::string hits;  // position and message_id of the page's rows, newest first
    switch (shape) {
      case Shape::kPlanned:  // membership by a join; the planner chooses the way in
        hits =
            "SELECT s.position, s.message_id FROM message_search s JOIN chat_participants p ON p.chat_id = "
            "s.chat_id AND p.user_id = " +
            viewer + " AND s.seq > p.visible_after_seq WHERE " + row + visible;
        break;
      case Shape::kWalk:  // the newest rows first (the primary key backwards), until the page is full
        hits = "SELECT s.position, s.message_id FROM message_search s WHERE " + row + visible;
        break;
      case Shape::kBitmap:  // every match, taken once (OFFSET 0: planned on its own, without the order)
        hits = "SELECT s.position, s.message_id FROM (SELECT position, message_id FROM message_search s WHERE " + row +
               " OFFSET 0) s WHERE true" + visible;
        break;
    }
    q.sql = "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m") ", s.position FROM (" + hits +
            " ORDER BY s.position DESC LIMIT " + page +
            ") s JOIN messages m ON m.id = s.message_id ORDER BY s.position DESC";
    auto r = db.query(q.sql, q.params, Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    std::vector<SearchHit> found;
    found.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) found.push_back(SearchHit{read_message(*r, i), r->int64(i, kMessageColumns)});
    return found;
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
