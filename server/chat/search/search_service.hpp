// Search: the messages a person may read that match a query (search_query.hpp), ranked by
// relevance or by date, with highlights and snippets (search_match.hpp); and the chats and
// people a name starts to match, for the chat switcher. Safe from any thread; reads the store.
//
// Ranking: by date, the store's order (newest first) page by page. By relevance, the newest
// kRelevanceWindow matches are scored (whole-word matches over partial ones, then shorter
// texts) and paged in that order, with recency breaking ties; past the window, the older
// matches follow by date, so that every match can be reached.
//
// The index (store/search.hpp) is filled for messages stored before it existed by the job
// "search.index", enqueued at start-up, a batch at a time with its progress logged.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/people/people_service.hpp"
#include "chat/search/search_match.hpp"
#include "chat/search/search_query.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct MessageSearchRequest {
  std::string q;
  std::optional<std::string> chat_id;   // only this chat
  std::optional<std::string> from;      // only from this user (id)
  std::optional<std::string> after;     // YYYY-MM-DD (that day on) or epoch milliseconds (at or after)
  std::optional<std::string> before;    // YYYY-MM-DD (before that day) or epoch milliseconds
  std::vector<std::string> has;         // "link", "file"
  bool by_date = false;                 // newest first instead of by relevance
  std::optional<std::int64_t> limit;    // 1..kMaxSearchResults (default kDefaultSearchResults)
  std::optional<std::string> cursor;    // next_cursor of the previous page
  std::int64_t utc_offset_minutes = 0;  // the caller's time zone, for days (east of UTC)
};

struct FoundMessage {
  store::Message message;
  SearchMatch match;
};

struct MessageSearchPage {
  std::vector<FoundMessage> results;
  std::optional<std::string> next_cursor;
};

struct SwitcherMatches {
  std::vector<store::Chat> chats;  // the caller's, whose title or other person matches
  std::vector<UserView> people;
};

inline constexpr std::size_t kDefaultSearchResults = 20;
inline constexpr std::size_t kMaxSearchResults = 50;
inline constexpr std::size_t kRelevanceWindow = 200;
inline constexpr std::size_t kIndexBatch = 500;

class SearchService {
 public:
  SearchService(Core& core, PeopleService& people);

  Result<MessageSearchPage> messages(const Actor& actor, const MessageSearchRequest& request);
  // Chats and people whose names have a word starting with `q` (folded), for the chat switcher.
  Result<SwitcherMatches> switcher(const Actor& actor, std::string_view q, std::size_t limit);

 private:
  Result<store::MessageSearch> store_query(const Actor& actor, const MessageSearchRequest& request,
                                           const SearchQuery& query);
  Result<std::vector<std::string>> senders_of(const Actor& actor, const QueryValue& from);
  Result<std::vector<std::string>> chats_named(const Actor& actor, const QueryValue& in);
  // The caller's contacts (the people of their private chats) with a name word starting with
  // `wanted` (a search form).
  Result<std::set<std::string>> contacts_named(const Actor& actor, const std::string& wanted);
  // The hits with their matches (highlights, snippet, score), in the same order.
  static std::vector<FoundMessage> matched(std::vector<store::SearchHit> hits, const SearchQuery& query);
  // The messages found as the viewer sees them (reply previews, their reactions, a group's ticks).
  Result<void> as_seen_by(const Actor& actor, std::vector<FoundMessage>& found);
  void index_pending();
  // Within the caller's rate of searches (kRateLimited when not).
  Result<void> allowed(const Actor& actor);

  Core& core_;
  PeopleService& people_;
};

}  // namespace parley::chat
