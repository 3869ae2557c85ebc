// Forwards: message:forward, message:forward-multiple.
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> forward_events(EventContext& ctx) {
  // message:forward-multiple reads additionalContent as the prototype's server did: a value of
  // another type counts as absent.
  auto lenient_comment = chat::lenient_optional("additionalContent", chat::FieldType::kString);
  return {
      {"message:forward",
       {chat::required_string("messageId"), chat::required_string("toChatId"),
        chat::optional_string("additionalContent")},
       "{status, message, comment?}",
       "message to chat:<toChatId>",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, Ack ack) {
         auto r = ctx.chat.forwards.forward(user, {chat::text(a, "messageId")}, chat::text(a, "toChatId"),
                                            chat::optional_text(a, "additionalContent"));
         if (!r) return ack(error_ack(r.error()));
         json::object o{{"message", chat::message_json(r->messages.front())}};
         if (r->comment) o["comment"] = chat::message_json(*r->comment);
         ack(ok(std::move(o)));
       }},
      {"message:forward-multiple",
       {chat::required_string_list("messageIds", ctx.chat.options().max_forward), chat::required_string("toChatId"),
        lenient_comment},
       "{status, messages, comment?}",
       "message per forwarded message",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, Ack ack) {
         auto r = ctx.chat.forwards.forward(user, chat::text_list(a, "messageIds"), chat::text(a, "toChatId"),
                                            chat::optional_text(a, "additionalContent"));
         if (!r) return ack(error_ack(r.error()));
         json::object o{{"messages", chat::messages_json(r->messages)}};
         if (r->comment) o["comment"] = chat::message_json(*r->comment);
         ack(ok(std::move(o)));
       }},
  };
}

}  // namespace parley::realtime
