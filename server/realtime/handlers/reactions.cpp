// Reactions: message:react, reactions:list, reactions:unread, reactions:read, emoji:frequent,
// emoji:used. The rules are ReactionService's.
#include "chat/reactions/reaction_wire.hpp"
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> reaction_events(EventContext& ctx) {
  return {
      {"message:react",
       {chat::required_string("messageId"), chat::required_string("emoji"),
        chat::optional_field("on", chat::FieldType::kBoolean)},
       "{status, messageId, added, reactions: [{emoji, count, me}]}",
       "message:reactions {chatId, messageId, reactions, userId, emoji, added, changeSeq} to the chat; "
       "reaction:added and reactions:unread to the message's author",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.reactions.react(user, chat::text(a, "messageId"), chat::text(a, "emoji"),
                                           chat::optional_boolean(a, "on"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"messageId", r->message.id}, {"added", r->added}, {"reactions", chat::reactions_json(r->message)}}));
       }},
      {"reactions:list",
       {chat::required_string("messageId"), chat::optional_string("emoji"), chat::optional_string("cursor"),
        chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxReactorPage))},
       "{status, reactors: [{userId, name, emoji, at}], next}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const auto emoji = chat::optional_text(a, "emoji");
         auto r = ctx.chat.reactions.reactors(
             user, chat::text(a, "messageId"), emoji ? std::optional<std::string_view>(*emoji) : std::nullopt,
             chat::optional_text(a, "cursor").value_or(""),
             static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(50)));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::reactors_json(*r)));
       }},
      {"reactions:unread",
       {},
       "{status, chats: [{chatId, count, latestMessageId}]}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object&, const Ack& ack) {
         auto r = ctx.chat.reactions.unread(user);
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::unread_reactions_json(*r)));
       }},
      {"reactions:read",
       {chat::required_string("chatId")},
       "{status, cleared}",
       "reactions:unread {chatId, count: 0} to the caller's devices",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.reactions.read(user, chat::text(a, "chatId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"cleared", *r}}));
       }},
      {"emoji:frequent",
       {chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxFrequentEmoji))},
       "{status, emoji: [{emoji, uses, lastUsedAt}]}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.reactions.frequent(
             user, static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(36)));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::frequent_json(*r)));
       }},
      {"emoji:used",
       {chat::required_string_list("emoji", store::kMaxFrequentEmoji)},
       "{status}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.reactions.used(user, chat::text_list(a, "emoji"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
  };
}

}  // namespace parley::realtime
