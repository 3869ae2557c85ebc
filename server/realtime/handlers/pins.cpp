// Pins: message:pin, message:unpin, chat:get-pinned.
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> pin_events(EventContext& ctx) {
  return {
      {"message:pin",
       {chat::required_string("messageId")},
       "{status, message}",
       "message:pinned to chat:<chatId>",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, Ack ack) {
         auto r = ctx.chat.pins.pin(user, chat::text(a, "messageId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"message", chat::message_json(*r)}}));
       }},
      {"message:unpin",
       {chat::required_string("messageId")},
       "{status, message}",
       "message:unpinned to chat:<chatId>",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, Ack ack) {
         auto r = ctx.chat.pins.unpin(user, chat::text(a, "messageId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"message", chat::message_json(*r)}}));
       }},
      {"chat:get-pinned",
       {chat::required_string("chatId")},
       "{status, messages}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, Ack ack) {
         auto r = ctx.chat.pins.pinned(user, chat::text(a, "chatId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"messages", chat::messages_json(*r)}}));
       }},
  };
}

}  // namespace parley::realtime
