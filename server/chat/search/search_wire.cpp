#include "chat/search/search_wire.hpp"

#include "chat/wire.hpp"

#include <boost/json/array.hpp>

namespace parley::chat {
namespace {

boost::json::array ranges_json(const std::vector<TextRange>& ranges) {
  boost::json::array out;
  out.reserve(ranges.size());
  for (const auto& r : ranges) out.push_back(boost::json::object{{"start", r.start}, {"end", r.end}});
  return out;
}

}  // namespace

std::vector<Field> search_fields() {
  return {
      required_string("q").describe(
          "the query: words (three characters or more also match inside words), \"exact phrases\", -excluded, "
          "from:<name, email or id>, in:<chat title, person or chat id>, after:YYYY-MM-DD, before:YYYY-MM-DD, "
          "has:link, has:file, is:pinned"),
      optional_string("chatId").describe("only this chat"),
      optional_string("from").describe("only messages of this user (id)"),
      optional_string("after").describe("sent on this day (YYYY-MM-DD) or later, or at or after epoch milliseconds"),
      optional_string("before").describe("sent before this day (YYYY-MM-DD) or before epoch milliseconds"),
      optional_string("has").describe("link, file, or both comma-separated"),
      optional_string("sort").describe("relevance (default) or date (newest first)"),
      optional_bounded_integer("limit", 1, static_cast<std::int64_t>(kMaxSearchResults))
          .describe("results per page (default " + std::to_string(kDefaultSearchResults) + ")"),
      optional_string("cursor").describe("nextCursor of the previous page (opaque)"),
      optional_bounded_integer("utcOffset", -14 * 60, 14 * 60)
          .describe("the caller's time zone in minutes east of UTC, for the days of after and before (default 0)"),
  };
}

MessageSearchRequest search_request_of(const boost::json::object& args) {
  MessageSearchRequest r;
  r.q = text(args, "q");
  r.chat_id = optional_text(args, "chatId");
  r.from = optional_text(args, "from");
  r.after = optional_text(args, "after");
  r.before = optional_text(args, "before");
  if (auto has = optional_text(args, "has")) {
    std::size_t start = 0;
    while (start <= has->size()) {
      const auto comma = has->find(',', start);
      const auto end = comma == std::string::npos ? has->size() : comma;
      if (end > start) r.has.push_back(has->substr(start, end - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  r.by_date = optional_text(args, "sort").value_or("relevance") == "date";
  r.limit = optional_integer(args, "limit");
  r.cursor = optional_text(args, "cursor");
  r.utc_offset_minutes = optional_integer(args, "utcOffset").value_or(0);
  return r;
}

boost::json::object search_page_json(const MessageSearchPage& page) {
  boost::json::array results;
  results.reserve(page.results.size());
  for (const auto& f : page.results) {
    results.push_back(boost::json::object{
        {"message", message_json(f.message)},
        {"highlights", ranges_json(f.match.highlights)},
        {"snippet",
         boost::json::object{{"text", f.match.snippet}, {"highlights", ranges_json(f.match.snippet_highlights)}}},
    });
  }
  boost::json::value next = nullptr;
  if (page.next_cursor) next = boost::json::string(*page.next_cursor);
  return boost::json::object{{"results", std::move(results)}, {"nextCursor", std::move(next)}};
}

boost::json::object switcher_json(const SwitcherMatches& matches) {
  boost::json::array chats;
  for (const auto& c : matches.chats) chats.push_back(boost::json::object{{"chatId", c.id}});
  boost::json::array people;
  for (const auto& v : matches.people) people.push_back(user_json(v.user, v.online));
  return boost::json::object{{"chats", std::move(chats)}, {"people", std::move(people)}};
}

}  // namespace parley::chat
