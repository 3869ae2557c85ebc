// Messages after they are sent: message:edit, message:edits, message:delete, chat:changes.
// The rules are LifecycleService's.
#include "chat/messages/lifecycle_wire.hpp"
#include "chat/messages/mentions.hpp"
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> lifecycle_events(EventContext& ctx) {
  return {
      {"message:edit",
       {chat::required_string("messageId"), chat::required_string("content"), chat::mentions_field(),
        chat::mentions_all_field()},
       "{status, message}",
       "message:edited (the ChatMessage with editedAt, editCount) to the chat",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r =
             ctx.chat.lifecycle.edit(user, chat::text(a, "messageId"), chat::text(a, "content"), chat::mentions_of(a));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"message", chat::message_json(*r)}}));
       }},
      {"message:edits",
       {chat::required_string("messageId")},
       "{status, versions: [{content, at}]}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.lifecycle.versions(user, chat::text(a, "messageId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::versions_json(*r)));
       }},
      {"message:delete",
       {chat::required_string("chatId"),
        chat::required_string_list("messageIds", chat::LifecycleService::kMaxDeletedAtOnce),
        chat::optional_string("scope").describe("everyone (default) | me")},
       "{status, messages}",
       "everyone: message:deleted {chatId, messageIds, deletedBy, deletedAt} to the chat; me: message:hidden "
       "{chatId, messageIds} to the caller's devices",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const auto scope = chat::delete_scope(chat::optional_text(a, "scope"));
         if (!scope) return ack(error_ack(chat::Errc::kInvalidInput, "scope must be \"everyone\" or \"me\""));
         auto r = ctx.chat.lifecycle.remove(user, chat::text(a, "chatId"), chat::text_list(a, "messageIds"), *scope);
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"messages", chat::messages_json(*r)}}));
       }},
      {"chat:changes",
       {chat::required_string("chatId"), chat::optional_integer_at_least("since", 0),
        chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxChangePage))},
       "{status, messages, hidden, until, more}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r =
             ctx.chat.lifecycle.changes(user, chat::text(a, "chatId"), chat::optional_integer(a, "since").value_or(0),
                                        static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(200)));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::changes_json(*r)));
       }},
  };
}

}  // namespace parley::realtime
