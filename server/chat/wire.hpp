// The JSON shapes of the compatibility contract (protocol.md §1.4): User, Chat, ChatMessage.
// Shared by the REST and Socket.IO adapters so both speak the same objects. The event log's
// schema (store/outbox_events.hpp, docs/events.md) is built apart from these, so that the
// client contract and the events each change on their own terms.
#pragma once

#include "store/store.hpp"

#include <boost/json/value.hpp>

#include <optional>

namespace parley::chat {

// {id, email, name, isOnline?, lastSeen?}; never the password hash.
boost::json::object user_json(const store::User& user, std::optional<bool> online = std::nullopt);
// {id, participants, createdAt, updatedAt, lastSeq}
boost::json::object chat_json(const store::Chat& chat);
// With the caller's role in a group ("owner", "admin", "member").
boost::json::object chat_json(const store::Chat& chat, const std::optional<store::Role>& role);
// {id, chatId, senderId, content, status, createdAt, isPinned, pinnedAt, pinnedBy, isForwarded,
//  forwardedFromId, originalSenderId, seq, clientMessageId}
// The content clients are sent for a message deleted for everyone, or hidden by the viewer.
inline constexpr std::string_view kDeletedPlaceholder = "This message was deleted";
// The ChatMessage; with editedAt and editCount once edited, deleted/deletedAt/deletedBy for a
// tombstone, hidden for a message the viewer deleted for themself.
// With files: attachments (the JSON array stored with it) and caption (its text, maybe empty);
// content is then the caption, or attachments_text() when there is none.
boost::json::object message_json(const store::Message& m);
// What a message with `files` and no caption says to clients that know nothing of files:
// "📎 report.pdf", "🎤 Voice message", "📎 3 files".
std::string attachments_text(const boost::json::array& files);
boost::json::array messages_json(const std::vector<store::Message>& messages);
// A message's reactions, [{emoji, count, me}] (me: the viewer's own, Message::my_reactions).
boost::json::array reactions_json(const store::Message& m);
// A thread root's summary ({replyCount, lastReplyAt, participants}), and the thread:updated
// event of a root ({chatId, rootId, thread, changeSeq}).
boost::json::object thread_json(const store::Message& root);
boost::json::object thread_event(const store::Message& root);

std::string_view status_name(store::Status s);

// A string field of a request object; nothing when it is missing or not a string.
std::optional<std::string> string_field(const boost::json::object& o, std::string_view key);

}  // namespace parley::chat
