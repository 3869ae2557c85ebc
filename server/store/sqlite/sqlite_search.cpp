// SqliteStore: the message search index (store/search.hpp). The search forms are kept in
// message_search and indexed by the FTS5 trigram table message_search_text (external content,
// detail = none: which rows hold a trigram), which follows message_search up to
// search_state.indexed_upto: a send stores its row only, and the search indexer
// (search_indexer.hpp) has the rows above it indexed a batch at a time (index_search_tail).
// Triggers keep the indexed rows' entries in step with edits and deletions. A search by text
// ANDs its patterns' trigrams in a MATCH, tests each substring itself, and tests the rows not
// yet indexed one by one. Without text, it walks message_search by chat, by sender or by
// position.
#include "store/sqlite/sqlite_store_impl.hpp"

#include "util/search_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kIndex =
    "INSERT INTO message_search (chat_id, seq, sender_id, created_at, flags, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (chat_id, seq) DO NOTHING";
constexpr std::string_view kReindex =
    "UPDATE message_search SET body = ?3, flags = (flags & ~1) | ?4 WHERE chat_id = ?1 AND seq = ?2";
constexpr std::string_view kUnindex = "DELETE FROM message_search WHERE chat_id = ?1 AND seq = ?2";

constexpr std::string_view kPending =
    "SELECT s.position, m.content, m.attachments IS NOT NULL FROM message_search s "
    "JOIN messages m ON m.chat_id = s.chat_id AND m.seq = s.seq WHERE s.body IS NULL ORDER BY s.position LIMIT ?1";
constexpr std::string_view kSetBody = "UPDATE message_search SET body = ?2, flags = ?3 WHERE position = ?1";
constexpr std::string_view kPendingCount = "SELECT count(*) FROM message_search WHERE body IS NULL";

// The trigram index's batches (index_search_tail): the rows above indexed_upto, up to a limit,
// added in one statement (one FTS5 segment), and the mark raised past them.
constexpr std::string_view kIndexedUpto = "SELECT indexed_upto FROM search_state";
constexpr std::string_view kTailEnd =
    "SELECT max(position), count(*) FROM "
    "(SELECT position FROM message_search WHERE position > ?1 ORDER BY position LIMIT ?2)";
constexpr std::string_view kIndexTail =
    "INSERT INTO message_search_text (rowid, body) SELECT position, body FROM message_search "
    "WHERE position > ?1 AND position <= ?2 AND body IS NOT NULL";
constexpr std::string_view kSetIndexedUpto = "UPDATE search_state SET indexed_upto = ?1";
constexpr std::string_view kTailLeft =
    "SELECT count(*) FROM (SELECT 1 FROM message_search WHERE position > ?1 LIMIT ?2)";

// What every variant checks of a row `s` of message_search: ?1 viewer, ?3 below position (0:
// none), ?4 chats (JSON array, NULL: any of the viewer's), ?5 senders (JSON, NULL: anyone), ?6
// sent from, ?7 sent before (0: none), ?8 flags, ?9 excluded patterns (JSON), ?10 pinned only,
// ?12 the patterns every body has (JSON: the index may only have narrowed them down).
#define PARLEY_SEARCH_FILTERS                                                                          \
  " AND s.body IS NOT NULL AND s.seq > p.visible_after_seq"                                            \
  " AND (?3 = 0 OR s.position < ?3)"                                                                   \
  " AND (?4 IS NULL OR s.chat_id IN (SELECT value FROM json_each(?4)))"                                \
  " AND (?5 IS NULL OR s.sender_id IN (SELECT value FROM json_each(?5)))"                              \
  " AND (?6 = 0 OR s.created_at >= ?6) AND (?7 = 0 OR s.created_at < ?7) AND (s.flags & ?8) = ?8"      \
  " AND NOT EXISTS (SELECT 1 FROM json_each(?9) x WHERE instr(s.body, x.value) > 0)"                   \
  " AND NOT EXISTS (SELECT 1 FROM json_each(?12) x WHERE instr(s.body, x.value) = 0)"                  \
  " AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.chat_id = s.chat_id AND h.user_id = ?1"    \
  " AND h.seq = s.seq)"                                                                                \
  " AND (?10 = 0 OR EXISTS (SELECT 1 FROM messages pm WHERE pm.chat_id = s.chat_id AND pm.seq = s.seq" \
  " AND pm.pinned_at IS NOT NULL))"

// A matching row: its position and its message's key (hit_*: apart from the message's columns).
#define PARLEY_SEARCH_ROW "SELECT s.position, s.chat_id AS hit_chat, s.seq AS hit_seq FROM "

#define PARLEY_SEARCH_HITS(inner)                                       \
  "SELECT " PARLEY_SQLITE_MESSAGE_COLUMNS ", hit.position FROM (" inner \
  ") hit "                                                              \
  "CROSS JOIN messages ON messages.chat_id = hit.hit_chat AND messages.seq = hit.hit_seq ORDER BY hit.position DESC"

// Text: the rows not yet indexed (above indexed_upto: the last few tens of milliseconds of
// messages), each tested, then the trigram index's matches, newest first; each part stops at
// the limit (?11). ?2 the MATCH expression.
constexpr std::string_view kByText = PARLEY_SEARCH_HITS(
    "SELECT position, hit_chat, hit_seq FROM ("
    "SELECT position, hit_chat, hit_seq FROM (SELECT s.position, s.chat_id AS hit_chat, s.seq AS hit_seq FROM "
    "message_search s "
    "CROSS JOIN chat_participants p ON p.chat_id = s.chat_id AND p.user_id = ?1 "
    "WHERE s.position > (SELECT indexed_upto FROM search_state)" PARLEY_SEARCH_FILTERS
    " ORDER BY s.position DESC LIMIT ?11) "
    "UNION ALL "
    "SELECT position, hit_chat, hit_seq FROM (SELECT s.position, s.chat_id AS hit_chat, s.seq AS hit_seq FROM "
    "message_search_text t "
    "CROSS JOIN message_search s ON s.position = t.rowid "
    "CROSS JOIN chat_participants p ON p.chat_id = s.chat_id AND p.user_id = ?1 "
    "WHERE message_search_text MATCH ?2" PARLEY_SEARCH_FILTERS
    " ORDER BY t.rowid DESC LIMIT ?11)"
    ") ORDER BY position DESC LIMIT ?11");
// Some chats: each chat's rows, the text (if any) found by instr (?2 unused).
constexpr std::string_view kByChat =
    PARLEY_SEARCH_HITS(PARLEY_SEARCH_ROW
                       "json_each(?4) c CROSS JOIN message_search s ON s.chat_id = c.value "
                       "CROSS JOIN chat_participants p ON p.chat_id = s.chat_id AND p.user_id = ?1 "
                       "WHERE 1" PARLEY_SEARCH_FILTERS " ORDER BY s.position DESC LIMIT ?11");
// Some senders: their rows, the text (if any) found by instr.
constexpr std::string_view kBySender =
    PARLEY_SEARCH_HITS(PARLEY_SEARCH_ROW
                       "json_each(?5) f CROSS JOIN message_search s ON s.sender_id = f.value "
                       "CROSS JOIN chat_participants p ON p.chat_id = s.chat_id AND p.user_id = ?1 "
                       "WHERE 1" PARLEY_SEARCH_FILTERS " ORDER BY s.position DESC LIMIT ?11");
// Filters only: every row, newest first.
constexpr std::string_view kByPosition =
    PARLEY_SEARCH_HITS(PARLEY_SEARCH_ROW
                       "message_search s "
                       "CROSS JOIN chat_participants p ON p.chat_id = s.chat_id AND p.user_id = ?1 "
                       "WHERE 1" PARLEY_SEARCH_FILTERS " ORDER BY s.position DESC LIMIT ?11");

std::int64_t flags_of(std::string_view content, bool has_files) {
  return (util::has_link(content) ? kSearchHasLink : 0) | (has_files ? kSearchHasFile : 0);
}

std::optional<std::string> json_list(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  boost::json::array a;
  for (const auto& v : values) a.emplace_back(v);
  return boost::json::serialize(a);
}

// The byte offset of each code point of `text`, then its size.
std::vector<std::size_t> code_point_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  return starts;
}

// The patterns as an FTS5 expression that every body holding them matches: each pattern's
// trigrams side by side, the last one ending the pattern, ANDed (an index of detail = none
// knows rows, not places: the statement tests the substrings). Side by side rather than every
// overlapping one: fewer row lists read, and as narrow in practice.
std::string match_of(const std::vector<std::string>& patterns) {
  std::vector<std::string> terms;
  for (const auto& p : patterns) {
    const auto at = code_point_starts(p);
    const std::size_t n = at.size() - 1;
    if (n < 3) {  // (store/search.hpp: never; as a whole, which matches nothing shorter)
      terms.push_back(p);
      continue;
    }
    for (std::size_t i = 0; i < n; i += 3) {
      const std::size_t from = std::min(i, n - 3);
      terms.push_back(p.substr(at[from], at[from + 3] - at[from]));
    }
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += " AND ";
    out += '"';
    for (const char c : t) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace

Result<void> index_message(Connection& db, const Message& m) {
  if (m.kind != "text" || m.deleted_at) return {};
  Query q(db, kIndex);
  q.bind(m.chat_id, m.seq, m.sender_id, m.created_at, flags_of(m.content, m.attachments.has_value()),
         util::search_text(m.content));
  return q.run();
}

Result<void> reindex_message(Connection& db, std::string_view chat_id, std::int64_t seq, std::string_view content) {
  Query q(db, kReindex);
  q.bind(chat_id, seq, util::search_text(content), util::has_link(content) ? kSearchHasLink : 0);
  return q.run();
}

Result<void> unindex_message(Connection& db, std::string_view chat_id, std::int64_t seq) {
  Query q(db, kUnindex);
  q.bind(chat_id, seq);
  return q.run();
}

Result<std::vector<SearchHit>> SqliteStore::search_messages(const MessageSearch& search) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(search.limit, 1, kMaxSearchPage));
  // The narrowest way in: a sender's rows or a few chats' rows are fewer than the index's
  // matches of a common word over every chat (measured: from: with a common word read 300,000
  // index entries by text, about 100 rows by sender).
  std::string_view sql = kByPosition;
  if (!search.sender_ids.empty()) {
    sql = kBySender;
  } else if (!search.chat_ids.empty()) {
    sql = kByChat;
  } else if (!search.all.empty()) {
    sql = kByText;
  }
  const auto match =
      search.all.empty() ? std::optional<std::string>() : std::optional<std::string>(match_of(search.all));
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, sql);
  q.bind(search.viewer, match, search.below_position, json_list(search.chat_ids), json_list(search.sender_ids),
         search.sent_from, search.sent_before, search.flags, json_list(search.none).value_or("[]"),
         search.pinned ? 1 : 0, limit, json_list(search.all).value_or("[]"));
  std::vector<SearchHit> hits;
  while (q.next()) hits.push_back(SearchHit{read_message(q), q.int64(kMessageColumns)});
  if (q.failed()) return fail(q.error());
  return hits;
}

Result<IndexProgress> SqliteStore::index_pending_messages(std::size_t limit) {
  return write<IndexProgress>([&](Connection& db) -> Result<IndexProgress> {
    struct Row {
      std::int64_t position;
      std::string content;
      bool files;
    };
    std::vector<Row> rows;
    {
      Query q(db, kPending);
      q.bind(static_cast<std::int64_t>(limit));
      while (q.next()) rows.push_back(Row{q.int64(0), q.text(1), q.int64(2) != 0});
      if (q.failed()) return fail(q.error());
    }
    for (const auto& r : rows) {
      Query q(db, kSetBody);
      q.bind(r.position, util::search_text(r.content), flags_of(r.content, r.files));
      if (auto ok = q.run(); !ok) return fail(ok.error());
    }
    Query count(db, kPendingCount);
    if (!count.next()) return fail(count.error());
    return IndexProgress{rows.size(), static_cast<std::size_t>(count.int64(0))};
  });
}

Result<IndexProgress> SqliteStore::index_search_tail(std::size_t limit) {
  return write<IndexProgress>([&](Connection& db) -> Result<IndexProgress> {
    std::int64_t from = 0;
    {
      Query q(db, kIndexedUpto);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      from = q.int64(0);
    }
    std::int64_t upto = from;
    std::size_t rows = 0;
    {
      Query q(db, kTailEnd);
      q.bind(from, static_cast<std::int64_t>(limit));
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      rows = static_cast<std::size_t>(q.int64(1));
      if (rows == 0) return IndexProgress{};
      upto = q.int64(0);
    }
    if (auto r = Query(db, kIndexTail).bind(from, upto).run(); !r) return fail(r.error());
    if (auto r = Query(db, kSetIndexedUpto).bind(upto).run(); !r) return fail(r.error());
    Query left(db, kTailLeft);
    left.bind(upto, static_cast<std::int64_t>(limit));
    if (!left.next()) return fail(left.failed() ? left.error() : Errc::kUnavailable);
    return IndexProgress{rows, static_cast<std::size_t>(left.int64(0))};
  });
}

}  // namespace parley::store::sqlite
