// Search: search:messages, as GET /api/v1/search/messages. The rules are SearchService's.
#include "chat/search/search_wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> search_events(EventContext& ctx) {
  return {
      {"search:messages", chat::Schema(chat::search_fields()),
       "{status, results: [{message, highlights, snippet}], nextCursor}", "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.search.messages(user, chat::search_request_of(a));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::search_page_json(*r)));
       }},
  };
}

}  // namespace parley::realtime
