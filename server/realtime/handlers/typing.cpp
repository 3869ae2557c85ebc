// Typing indicators: typing:start, typing:stop. The chat's typists reach its members as
// `typing {chatId, userIds}` (realtime/typing_fanout.hpp). The rules are TypingService's.
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> typing_events(EventContext& ctx) {
  return {
      {"typing:start",
       {chat::required_string("chatId")},
       "{status}",
       "typing {chatId, userIds} to chat:<chatId> (at most twice a second per chat; a repeat within "
       "typing_timeout_ms only keeps the typist, who stops when it passes)",
       [&ctx](Socket& socket, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.typing.start(user, chat::text(a, "chatId"), socket.id());
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
      {"typing:stop",
       {chat::required_string("chatId")},
       "{status}",
       "typing {chatId, userIds} to chat:<chatId>",
       [&ctx](Socket& socket, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.typing.stop(user, chat::text(a, "chatId"), socket.id());
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
  };
}

}  // namespace parley::realtime
