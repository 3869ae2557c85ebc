// Chats: chat:get (open a private chat), chat:join and chat:leave (which chats a socket
// receives), chat:history.
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> chat_events(EventContext& ctx) {
  // chat:history's cursors are read as the prototype's server did: a value of another type
  // (or a limit below 1) counts as absent.
  chat::Schema history{chat::required_string("chatId"),
                       chat::lenient_optional("before", chat::FieldType::kString),
                       chat::lenient_optional("afterSeq", chat::FieldType::kInteger),
                       chat::lenient_optional("limit", chat::FieldType::kInteger),
                       chat::lenient_optional("around", chat::FieldType::kString),
                       chat::optional_field("timeline", chat::FieldType::kBoolean)
                           .describe("true: leave out thread replies not also sent to the chat")};
  return {
      {"chat:get",
       {chat::required_string("recipientId")},
       "{status, chatId, chat, messages}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto chat = ctx.chat.conversations.open_private_chat(user, chat::text(a, "recipientId"));
         if (!chat) return ack(error_ack(chat.error()));
         auto messages = ctx.chat.conversations.history(user, chat->id, {});
         if (!messages) return ack(error_ack(messages.error()));
         ack(ok(
             {{"chatId", chat->id}, {"chat", chat::chat_json(*chat)}, {"messages", chat::messages_json(*messages)}}));
       }},
      {"chat:join",
       {chat::required_string("chatId")},
       "{status, message}",
       "message:status DELIVERED for earlier messages; the socket receives the chat's messages from now on",
       [&ctx](Socket& s, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const auto id = chat::text(a, "chatId");
         // The socket receives the chat from here on (once, however often it joins): what is
         // still SENT to the user becomes DELIVERED, and so does what is stored from now on.
         // (`receiving` is set at the handshake and never replaced: reading it here is safe.)
         const auto& receiving = std::any_cast<SocketState&>(s.data).receiving;
         const bool first = receiving->add(id);
         auto delivered = ctx.chat.messages.deliver_chat(user, id, first);  // checks participation first
         if (!delivered) {
           if (first) receiving->remove(id);
           return ack(error_ack(delivered.error()));
         }
         s.join(chat_room(id));
         ack(ok({{"message", "Joined chat " + id}, {"chatId", id}}));
       }},
      {"chat:leave",
       {chat::required_string("chatId")},
       "{success}",
       "every socket of the user leaves chat:<chatId>",
       [&ctx](Socket& s, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const auto id = chat::text(a, "chatId");
         // This socket stops receiving before the answer (the user's other sockets as they
         // leave).
         if (std::any_cast<SocketState&>(s.data).receiving->remove(id))
           ctx.chat.devices.stop_receiving(user.user_id, id);
         ctx.nsp.sockets_leave(user_room(user.user_id), chat_room(id));
         ack(json::object{{"success", true}, {"status", "ok"}});
       }},
      {"chat:history", std::move(history), "{status, messages}", "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const bool timeline = chat::optional_boolean(a, "timeline").value_or(false);
         if (auto around = chat::optional_text(a, "around")) {  // the page around a message
           const auto limit = chat::optional_integer(a, "limit").value_or(0);
           auto r = ctx.chat.conversations.around(user, chat::text(a, "chatId"), *around,
                                                  static_cast<std::size_t>(std::max<std::int64_t>(0, limit)), timeline);
           if (!r) return ack(error_ack(r.error()));
           return ack(ok({{"messages", chat::messages_json(*r)}}));
         }
         store::HistoryQuery q;
         q.before_id = chat::optional_text(a, "before");
         q.after_seq = chat::optional_integer(a, "afterSeq");
         q.timeline = timeline;
         if (auto limit = chat::optional_integer(a, "limit"); limit && *limit > 0) {
           q.limit = static_cast<std::size_t>(*limit);
         }
         auto r = ctx.chat.conversations.history(user, chat::text(a, "chatId"), q);
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"messages", chat::messages_json(*r)}}));
       }},
  };
}

}  // namespace parley::realtime
