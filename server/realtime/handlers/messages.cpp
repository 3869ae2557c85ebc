// Sending and reading messages: message, message:read, chat:read.
#include "chat/messages/mentions.hpp"
#include "chat/messages/thread_wire.hpp"
#include "chat/wire.hpp"
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

namespace {

// Consecutive sends of a socket that wait for a worker together go to the domain as one
// append (one commit); each still gets its own acknowledgement, in order.
void send(EventContext& ctx, Socket& s, SocketState& state, const json::object& a, Ack ack) {
  chat::SendRequest request{
      chat::text(a, "chatId"), chat::text(a, "content"),          chat::optional_text(a, "clientMessageId"),
      chat::links_of(a),       chat::text_list(a, "attachments"), chat::mentions_of(a)};
  if (auto& open = state.open_batch) {
    std::lock_guard lock(open->mutex);
    if (!open->taken && open->items.size() < SendBatch::kMax) {
      open->items.emplace_back(std::move(request), std::move(ack));
      return;
    }
  }
  auto batch = std::make_shared<SendBatch>();
  batch->items.emplace_back(std::move(request), std::move(ack));
  state.open_batch = batch;
  state.queue->post([&ctx, batch, socket = s.shared_from_this(),
                     user = chat::Actor(state.principal.user_id, state.principal.session_id)] {
    std::vector<std::pair<chat::SendRequest, Ack>> items;
    {
      std::lock_guard lock(batch->mutex);
      batch->taken = true;
      items = std::move(batch->items);
    }
    std::vector<chat::SendRequest> requests;
    requests.reserve(items.size());
    for (auto& item : items) requests.push_back(std::move(item.first));
    auto results = std::make_shared<const std::vector<chat::Result<store::Appended>>>(
        ctx.chat.messages.send_messages(user, requests));
    auto acks = std::make_shared<const std::vector<std::pair<chat::SendRequest, Ack>>>(std::move(items));
    // The batch's acknowledgements go out from the socket's shard in one hop.
    socket->run_on_shard([socket, acks, results] {
      for (std::size_t i = 0; i < results->size(); ++i) {
        const auto& r = (*results)[i];
        const auto& answer = (*acks)[i].second;
        if (!r) {
          answer(error_ack(r.error()));
          continue;
        }
        socket->emit("message:ack", Payload::of(json::object{{"messageId", r->message.id}, {"seq", r->message.seq}}));
        answer(chat::message_json(r->message));
      }
    });
  });
}

}  // namespace

std::vector<EventSpec> message_events(EventContext& ctx) {
  return {
      EventSpec::on_shard(
          "message",
          {chat::required_string("chatId"), chat::required_string("content"), chat::optional_string("clientMessageId"),
           chat::optional_string("replyToId").describe("the message this one answers (same chat)"),
           chat::optional_string("quote").describe("a fragment of the answered message's text (needs replyToId)"),
           chat::optional_string("threadRootId").describe("post into this message's thread"),
           chat::optional_field("alsoToChat", chat::FieldType::kBoolean)
               .describe("a thread reply also shown in the chat's timeline"),
           chat::optional_string_list("attachments", chat::kMaxAttachmentsListed)
               .describe(
                   "ids of files the sender uploaded (POST /api/v1/uploads); content is then their caption and may "
                   "be empty"),
           chat::mentions_field(), chat::mentions_all_field()},
          "ChatMessage",
          "message:ack {messageId, seq} to the sender; message (ChatMessage) to chat:<chatId>, and to the "
          "participants' sockets that declared the inbox feature; a thread reply also thread:updated "
          "{chatId, rootId, thread, changeSeq}",
          [&ctx](Socket& s, SocketState& state, const json::object& a, Ack ack) {
            send(ctx, s, state, a, std::move(ack));
          }),
      {"message:read",
       {chat::required_string("messageId")},
       "{status}",
       "message:status {messageId, status: READ} to user:<senderId>",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.messages.mark_read(user, chat::text(a, "messageId"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
      {"chat:delivered",
       {chat::required_string("chatId"), chat::required_integer("seq")},
       "{status}",
       "chat:receipts to a group's members when its floors rose; message:status DELIVERED in a private chat",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.messages.delivered_up_to(user, chat::text(a, "chatId"), chat::integer(a, "seq"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok());
       }},
      {"chat:read",
       {chat::required_string("chatId"), chat::required_integer("seq")},
       "{status, count}",
       "message:status READ for each message up to seq",
       [&ctx](Socket&, const chat::Actor& user, const json::object& a, const Ack& ack) {
         auto r = ctx.chat.messages.read_up_to(user, chat::text(a, "chatId"), chat::integer(a, "seq"));
         if (!r) return ack(error_ack(r.error()));
         ack(ok({{"count", r->size()}}));
       }},
  };
}

}  // namespace parley::realtime
