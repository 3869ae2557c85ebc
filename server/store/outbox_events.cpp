#include "store/outbox_events.hpp"

#include "util/ids.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace parley::store::outbox {
namespace {
namespace json = boost::json;

json::value optional_text(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

// The envelope every event shares; `key_field` is "chatId" or "userId".
json::object envelope(const std::string& id, std::string_view type, TimeMs at, std::string_view key_field,
                      std::string_view key) {
  json::object o;
  o["v"] = kSchemaVersion;
  o["id"] = id;
  o["type"] = type;
  o["at"] = at;
  o[key_field] = key;
  return o;
}

OutboxEvent event(std::string_view type, std::string key, TimeMs at, std::string_view key_field,
                  const std::function<void(json::object&)>& fill) {
  OutboxEvent e;
  e.id = util::uuid_v7();
  e.type = std::string(type);
  e.key = std::move(key);
  e.at = at;
  auto payload = envelope(e.id, type, at, key_field, e.key);
  fill(payload);
  e.payload = json::serialize(payload);
  return e;
}

}  // namespace

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kSent:
      return "SENT";
    case Status::kDelivered:
      return "DELIVERED";
    case Status::kRead:
      return "READ";
  }
  return "SENT";
}

json::object message_object(const Message& m) {
  json::object o;
  o.reserve(14);
  o["id"] = m.id;
  o["chatId"] = m.chat_id;
  o["senderId"] = m.sender_id;
  o["content"] = m.content;
  o["status"] = status_name(m.status);
  o["createdAt"] = util::iso8601(m.created_at);
  o["isPinned"] = m.pinned_at.has_value();
  o["pinnedAt"] = m.pinned_at ? json::value(util::iso8601(*m.pinned_at)) : json::value(nullptr);
  o["pinnedBy"] = optional_text(m.pinned_by);
  o["isForwarded"] = m.forwarded_from_id.has_value();
  o["forwardedFromId"] = optional_text(m.forwarded_from_id);
  o["originalSenderId"] = optional_text(m.original_sender_id);
  o["seq"] = m.seq;
  o["clientMessageId"] = optional_text(m.client_message_id);
  return o;
}

OutboxEvent message_created(const Message& message) {
  return event(kMessageCreated, message.chat_id, message.created_at, "chatId", [&](json::object& o) {
    o["messageId"] = message.id;
    o["seq"] = message.seq;
    o["message"] = message_object(message);
  });
}

OutboxEvent status_changed(const StatusChange& change) {
  return event(kMessageStatus, change.chat_id, change.at, "chatId", [&](json::object& o) {
    o["messageId"] = change.message_id;
    o["senderId"] = change.sender_id;
    o["userId"] = change.user_id;
    o["status"] = status_name(change.status);
    o["aggregate"] = status_name(change.aggregate);
  });
}

OutboxEvent message_pinned(const Message& message, bool pinned, TimeMs at) {
  return event(pinned ? kMessagePinned : kMessageUnpinned, message.chat_id, at, "chatId", [&](json::object& o) {
    o["messageId"] = message.id;
    o["seq"] = message.seq;
    if (pinned) o["pinnedBy"] = optional_text(message.pinned_by);
  });
}

OutboxEvent chat_created(const Chat& chat) {
  return event(kChatCreated, chat.id, chat.created_at, "chatId", [&](json::object& o) {
    json::array participants;
    for (const auto& p : chat.participants) participants.emplace_back(p);
    o["kind"] = chat.kind;
    o["participants"] = std::move(participants);
  });
}

OutboxEvent presence_changed(std::string_view user_id, bool online, std::optional<TimeMs> last_seen, TimeMs at) {
  return event(online ? kPresenceOnline : kPresenceOffline, std::string(user_id), at, "userId",
               [&](json::object& o) { o["lastSeen"] = last_seen ? json::value(*last_seen) : json::value(nullptr); });
}

}  // namespace parley::store::outbox
