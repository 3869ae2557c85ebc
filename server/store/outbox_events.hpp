// Builders of outbox events (docs/events.md): one function per kind of change, returning the
// store::OutboxEvent a backend writes in the same transaction as the change. Shared by every
// Store backend, and by the chat layer for events that are no store change (presence).
//
// Each event gets a fresh UUIDv7 id (consumers dedupe by it), its type, its partition key (the
// chat id, or the user id for user events) and its payload: one JSON object holding
// {v, id, type, at, chatId or userId, ...}. Pure functions; safe from any thread.
#pragma once

#include "store/store.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace parley::store::outbox {

// The version of the payloads built here ("v"); raised only for incompatible changes.
inline constexpr int kSchemaVersion = 1;

// Event types (docs/events.md). Those marked "later" are documented for features to come.
inline constexpr std::string_view kMessageCreated = "message.created";
inline constexpr std::string_view kMessageEdited = "message.edited";
inline constexpr std::string_view kMessageDeleted = "message.deleted";
inline constexpr std::string_view kMessageStatus = "message.status";
inline constexpr std::string_view kMessagePinned = "message.pinned";
inline constexpr std::string_view kMessageUnpinned = "message.unpinned";
inline constexpr std::string_view kMessageReactions = "message.reactions";
inline constexpr std::string_view kChatCreated = "chat.created";
inline constexpr std::string_view kChatMemberAdded = "chat.member_added";
inline constexpr std::string_view kChatMemberRemoved = "chat.member_removed";
inline constexpr std::string_view kChatUpdated = "chat.updated";
inline constexpr std::string_view kPresenceOnline = "presence.online";
inline constexpr std::string_view kPresenceOffline = "presence.offline";

// message.created: the stored message (seq set), keyed by its chat; `at` is its created_at.
OutboxEvent message_created(const Message& message);
// message.edited: the message after the edit, at its edited_at.
OutboxEvent message_edited(const Message& message);
// message.deleted: a message deleted for everyone (no text), at its deleted_at.
OutboxEvent message_deleted(const Message& message);
// message.status: one recipient's status rose; keyed by the chat; `at` is the change's time.
OutboxEvent status_changed(const StatusChange& change);
// message.pinned (message.pinned_at and pinned_by set) or message.unpinned, at `at`.
OutboxEvent message_pinned(const Message& message, bool pinned, TimeMs at);
// message.reactions: `user_id` put on (`added`) or took back `emoji`; with the message's
// counts after, at `at`.
OutboxEvent message_reactions(const Message& message, std::string_view user_id, std::string_view emoji, bool added,
                              TimeMs at);
// chat.created: a new chat with its participants; `at` is its created_at.
OutboxEvent chat_created(const Chat& chat);
// The events of a group edit applied to give `after`, in this order and only those that apply:
// chat.member_added (edit.add), chat.member_removed (edit.remove), chat.updated (info,
// settings, roles); all at edit.at, keyed by the chat.
std::vector<OutboxEvent> group_edited(const GroupEdit& edit, const Chat& after);
// "owner", "admin", "member"; "everyone", "admins".
std::string_view role_name(Role role);
std::string_view policy_name(Policy policy);
// A group's settings as the events and the clients carry them.
boost::json::object settings_object(const GroupSettings& settings);
// presence.online / presence.offline of a user, keyed by the user id.
OutboxEvent presence_changed(std::string_view user_id, bool online, std::optional<TimeMs> last_seen, TimeMs at);

// "SENT", "DELIVERED", "READ".
std::string_view status_name(Status status);
// The message as the events carry it (docs/events.md, versioned by kSchemaVersion). Kept apart
// from the clients' ChatMessage (chat/wire.hpp): today they hold the same fields, but a client
// field need not become an event field, nor the reverse.
boost::json::object message_object(const Message& message);

}  // namespace parley::store::outbox
