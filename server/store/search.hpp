// Message search: the index the stores keep beside the messages and the one query on it. Part
// of store.hpp (SearchStore); the query language, ranking and highlights live in the domain
// (server/chat/search).
//
// The index holds, for every text message not deleted for everyone, its search form
// (util/search_text.hpp) and what the filters need (chat, seq, sender, time, has a link, has
// files), in a row whose `position` grows with each message indexed: the order "newest first"
// follows. The stores change the row in the same transaction as the message (append, edit,
// delete for everyone), so a search right after an acknowledgement finds the new text; the
// trigram index over the rows follows in batches (SQLite: a thread of the store, searches
// testing the rows not yet indexed one by one; PostgreSQL: the GIN pending list). Who may read
// what is decided at query time (membership, history hidden from later members, messages
// hidden by the viewer), so membership changes need no index change.
//
// Messages stored before the index existed are queued by the migration that made it (rows
// without a search form, in the order they were sent) and indexed by index_pending_messages, a
// batch at a time; a search meanwhile misses the ones not yet indexed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

inline constexpr std::int64_t kSearchHasLink = 1;
inline constexpr std::int64_t kSearchHasFile = 2;

struct MessageSearch {
  std::string viewer;  // only chats the viewer is a member of, from what they may see
  // Substrings of the search form: every one of `all` and none of `none`. Each is at least
  // three characters long (what a trigram index needs).
  std::vector<std::string> all;
  std::vector<std::string> none;
  std::vector<std::string> chat_ids;    // only these chats (empty: all of the viewer's)
  std::vector<std::string> sender_ids;  // only from these senders (empty: anyone)
  std::int64_t sent_from = 0;           // created_at >= this (0: no bound)
  std::int64_t sent_before = 0;         // created_at < this (0: no bound)
  std::int64_t flags = 0;               // kSearchHas* bits that must all be set
  bool pinned = false;                  // only pinned messages
  std::int64_t below_position = 0;      // the page after a cursor: positions below it (0: newest)
  std::size_t limit = 20;               // 1..kMaxSearchPage (clamped)
};

inline constexpr std::size_t kMaxSearchPage = 500;

// The end of the range of texts that start with `prefix`, in byte order: the prefix followed
// by the highest code point.
inline std::string prefix_end(std::string_view prefix) { return std::string(prefix) + "\xF4\x8F\xBF\xBF"; }

struct IndexProgress {
  std::size_t indexed = 0;  // by this call
  std::size_t pending = 0;  // still waiting after it
};

}  // namespace parley::store
