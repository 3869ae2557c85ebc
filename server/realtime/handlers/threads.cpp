// Threads: thread:history, thread:read, thread:follow, threads:list. Replies are sent with
// "message" {threadRootId}. The rules are ThreadService's.
#include "chat/messages/thread_wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> thread_events(EventContext& ctx) {
  return {
      {"thread:history",
       {chat::required_string("rootId"), chat::optional_integer_at_least("afterSeq", 0),
        chat::optional_integer_at_least("beforeSeq", 0),
        chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxThreadPage))},
       "{status, root, replies}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         store::ThreadQuery q;
         q.after_seq = chat::optional_integer(a, "afterSeq");
         q.before_seq = chat::optional_integer(a, "beforeSeq");
         q.limit = static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(50));
         auto r = ctx.chat.threads.thread(user, chat::text(a, "rootId"), q);
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::thread_page_json(*r)));
       }},
      {"thread:read",
       {chat::required_string("rootId"), chat::required_integer("seq")},
       "{status, unread}",
       "thread:read {chatId, rootId, thread, changeSeq, readSeq, unread} to the caller's devices",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.threads.read(user, chat::text(a, "rootId"), chat::integer(a, "seq"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"unread", *r}}));
       }},
      {"thread:follow",
       {chat::required_string("rootId"), chat::optional_field("follow", chat::FieldType::kBoolean)},
       "{status}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r =
             ctx.chat.threads.follow(user, chat::text(a, "rootId"), chat::optional_boolean(a, "follow").value_or(true));
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
      {"threads:list",
       {chat::optional_string("cursor"),
        chat::optional_bounded_integer("limit", 1, static_cast<std::int64_t>(store::kMaxFollowedPage))},
       "{status, threads: [{chatId, root, readSeq, unread}], next}",
       "",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.threads.followed(user, chat::optional_text(a, "cursor").value_or(""),
                                            static_cast<std::size_t>(chat::optional_integer(a, "limit").value_or(50)));
         if (!r) return ack(error_ack(r.error()));
         ack(ok(chat::followed_json(*r)));
       }},
  };
}

}  // namespace parley::realtime
