// ChatGateway's event list (/api/events.json): the events clients send, with their payloads'
// schemas from the handlers' table, and those the server sends, with when and to whom, and the
// optional protocol features. A document, apart from the fan-out in chat_gateway.cpp.
#include "realtime/chat_gateway.hpp"

namespace parley::realtime {

namespace json = boost::json;

json::value ChatGateway::event_list() const {
  const auto e = [](std::string_view name, std::string_view payload, std::string_view ack, std::string_view emits) {
    return json::object{{"event", name}, {"payload", payload}, {"ack", ack}, {"emits", emits}};
  };
  json::array client;
  for (const auto& spec : specs_) {
    auto entry = e(spec.name, spec.payload.signature(), spec.ack, spec.emits);
    entry["schema"] = spec.payload.json_schema();
    client.push_back(std::move(entry));
  }
  json::array server{
      e("connection:established", "{userId}", "", "after the handshake"),
      e("users:update", "{userId, isOnline, lastSeen?}", "",
        "first device connected / last disconnected; to every socket, or with scoped-presence only for the "
        "user's contacts and the users the socket subscribed to; never about a user who does not share their "
        "presence with the socket's user (and after such a change, {userId, isOnline: false, lastSeen: null})"),
      e("emoji:updated", "{chatId}", "",
        "a custom emoji set changed: the server's (chatId null; to every socket) or a group's (to its members)"),
      e("privacy:updated", "{readReceipts, typing, lastSeen, always: [User], never: [User]}", "",
        "to the user's devices after a change of their privacy settings (what they see of others may have changed "
        "too)"),
      e("blocks:updated", "{userId, blocked, at}", "",
        "to the user's devices when they blocked or unblocked someone (blocks:list or GET /api/v1/me/blocks for "
        "the list)"),
      e("notifications:updated", "{push, previews, sound, chats: [{chatId, level, mutedUntil}]}", "",
        "to the user's devices after a change of their notification settings or a chat's"),
      e("settings:updated", "{chatId, version, settings, updatedAt}", "",
        "to the user's devices after a change of their settings document (chatId null) or a chat's; apply by version"),
      e("scheduled:updated", "{scheduled: ScheduledMessage}", "",
        "to the author's devices when one of their scheduled messages was created, changed, sent, missed or ended "
        "(state done or cancelled: no longer pending; reason: why the server cancelled it)"),
      e("templates:updated", "{chatId}", "",
        "a set of templates changed: the user's own (chatId null, to their devices) or a group's canned responses "
        "(to its members); fetch the set again"),
      e("export:progress", "Export", "",
        "to the user's devices when one of their exports was asked for, progressed (at most twice a second) or "
        "ended; url is null here: GET /api/v1/exports/{id} gives the download link"),
      e("message", "ChatMessage", "", ""),
      e("chat:added", "Chat", "", "to a user's devices when a group they are in is created or they are added"),
      e("chat:updated", "Chat", "", "to a group's members when its info, settings, roles or members change"),
      e("chat:removed", "{chatId}", "", "to a user's devices when they left or were removed from a group"),
      e("chat:receipts", "{chatId, deliveredSeq, readSeq}", "",
        "to a group's members: every message up to deliveredSeq reached every member, up to readSeq was read by every "
        "member"),
      e("message:ack", "{messageId, seq}", "", ""),
      e("message:status", "{messageId, chatId, status, userId, timestamp}", "", ""),
      e("message:edited", "ChatMessage (with editedAt, editCount)", "", "to the chat, after message:edit"),
      e("message:deleted", "{chatId, messageIds, deletedBy, deletedAt, changeSeq}", "",
        "to the chat: the messages are tombstones now (message:unpinned too for a pinned one)"),
      e("message:hidden", "{chatId, messageIds}", "", "to the caller's devices: messages deleted for them only"),
      e("thread:updated", "{chatId, rootId, thread, changeSeq}", "",
        "to the chat: a reply was posted in the thread of rootId (thread: its new summary)"),
      e("thread:read", "{chatId, rootId, thread, changeSeq, readSeq, unread}", "",
        "to the caller's devices: they read the thread up to readSeq"),
      e("message:reactions", "{chatId, messageId, reactions: [{emoji, count}], userId, emoji, added, changeSeq}", "",
        "to the chat: userId put on (added) or took back emoji; reactions: the message's counts after (a client "
        "keeps which are its user's own)"),
      e("reaction:added", "{messageId, chatId, userId, emoji, unread}", "",
        "to the devices of the message's author when someone else reacts (unread: their unread reactions in the "
        "chat)"),
      e("reactions:unread", "{chatId, count}", "",
        "to a user's devices when their unread reactions in a chat change (0: they looked)"),
      e("typing", "{chatId, userIds}", "",
        "to the chat: the users typing in it now, in the order they started (the receiver's own devices included; "
        "[] when nobody types), at most twice a second per chat"),
      e("message:pinned", "ChatMessage", "", ""),
      e("message:unpinned", "ChatMessage", "", ""),
      e("moderation:notice", "{id, kind, chatId, text, at, until}", "",
        "to a user's devices: a moderator warned them (kind warning), they were muted in a group or everywhere "
        "(muted, until), or a message of theirs held for review was approved or rejected (held_approved, "
        "held_rejected); GET /api/v1/me/moderation-notices lists the latest"),
      e("session:revoked", "{reason, message}", "",
        "the session was signed out (reason logged_out) or the account suspended (reason suspended); the server "
        "disconnects next"),
  };
  json::array features{
      json::object{
          {"name", "inbox"},
          {"description",
           "the socket is sent the new messages of every chat of its user, not only of the chats it joined, and "
           "they count as DELIVERED to the user as they are sent (without it: only the joined chats' messages, as "
           "the prototype's clients expect, and a message is DELIVERED once a device of the recipient joins its "
           "chat)"}},
      json::object{
          {"name", "scoped-presence"},
          {"description",
           "the socket is sent users:update only for the users who share a chat with its user and those it "
           "subscribed to with presence:subscribe (without it: every user's, as the prototype's clients expect, "
           "which costs every connected socket one event per connect and disconnect of anyone)"}}};
  return json::object{{"namespace", "/"},
                      {"auth",
                       "{token, features?}: the JWT, with or without 'Bearer ' (or the Authorization header; never the "
                       "URL), and the names of the optional features the client uses"},
                      {"features", std::move(features)},
                      {"errors",
                       "failed requests acknowledge {status: 'error', code, message}; a payload that breaks "
                       "its schema gets code invalid_input and a message naming the field"},
                      {"clientToServer", std::move(client)},
                      {"serverToClient", std::move(server)}};
}

}  // namespace parley::realtime
