#include "store/outbox_events.hpp"

#include "util/ids.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
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

// A system message's object; null when absent or (never written so) not JSON.
json::value system_value(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  boost::system::error_code ec;
  auto value = json::parse(*text, ec);
  return ec ? json::value(nullptr) : value;
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
  if (m.kind != "text") {
    o["kind"] = m.kind;
    o["system"] = system_value(m.system);
  }
  if (m.edited_at) {
    o["editedAt"] = util::iso8601(*m.edited_at);
    o["editCount"] = m.edit_count;
  }
  if (m.deleted_at) {
    o["deleted"] = true;
    o["deletedAt"] = util::iso8601(*m.deleted_at);
    o["deletedBy"] = optional_text(m.deleted_by);
  }
  if (m.attachments) {
    boost::system::error_code ec;
    auto files = json::parse(*m.attachments, ec);
    if (!ec) {
      o["caption"] = m.content;
      o["attachments"] = std::move(files);
    }
  }
  if (m.reply_to_id) {
    o["replyToId"] = *m.reply_to_id;
    if (m.quote) o["quote"] = *m.quote;
  }
  if (m.thread_root_id) {
    o["threadRootId"] = *m.thread_root_id;
    o["alsoToChat"] = m.also_to_chat;
  }
  if (!m.mentions.users.empty()) {
    json::array users;
    for (const auto& id : m.mentions.users) users.emplace_back(id);
    o["mentions"] = std::move(users);
  }
  if (m.mentions.all) o["mentionsAll"] = true;
  return o;
}

OutboxEvent message_created(const Message& message) {
  return event(kMessageCreated, message.chat_id, message.created_at, "chatId", [&](json::object& o) {
    o["messageId"] = message.id;
    o["seq"] = message.seq;
    o["message"] = message_object(message);
  });
}

OutboxEvent message_edited(const Message& message) {
  return event(kMessageEdited, message.chat_id, message.edited_at.value_or(message.created_at), "chatId",
               [&](json::object& o) {
                 o["messageId"] = message.id;
                 o["seq"] = message.seq;
                 o["message"] = message_object(message);
               });
}

OutboxEvent message_deleted(const Message& message) {
  return event(kMessageDeleted, message.chat_id, message.deleted_at.value_or(message.created_at), "chatId",
               [&](json::object& o) {
                 o["messageId"] = message.id;
                 o["seq"] = message.seq;
                 o["deletedBy"] = optional_text(message.deleted_by);
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

OutboxEvent message_reactions(const Message& message, std::string_view user_id, std::string_view emoji, bool added,
                              TimeMs at) {
  return event(kMessageReactions, message.chat_id, at, "chatId", [&](json::object& o) {
    o["messageId"] = message.id;
    o["seq"] = message.seq;
    o["userId"] = user_id;
    o["emoji"] = emoji;
    o["added"] = added;
    json::array counts;
    for (const auto& r : message.reactions) counts.push_back(json::object{{"emoji", r.emoji}, {"count", r.count}});
    o["reactions"] = std::move(counts);
  });
}

OutboxEvent chat_created(const Chat& chat) {
  return event(kChatCreated, chat.id, chat.created_at, "chatId", [&](json::object& o) {
    json::array participants;
    for (const auto& p : chat.participants) participants.emplace_back(p);
    o["kind"] = chat.kind;
    o["participants"] = std::move(participants);
    if (chat.group) {
      o["title"] = chat.group->title;
      o["description"] = chat.group->description;
      o["settings"] = settings_object(chat.group->settings);
      o["memberCount"] = chat.group->member_count;
    }
  });
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kAdmin:
      return "admin";
    case Role::kMember:
      return "member";
  }
  return "member";
}

std::string_view policy_name(Policy policy) { return policy == Policy::kAdmins ? "admins" : "everyone"; }

json::object settings_object(const GroupSettings& s) {
  return json::object{{"sendMessages", policy_name(s.send)},  {"addMembers", policy_name(s.add_members)},
                      {"editInfo", policy_name(s.edit_info)}, {"pinMessages", policy_name(s.pin)},
                      {"historyVisible", s.history_visible},  {"slowModeSeconds", s.slow_mode_seconds},
                      {"memberLimit", s.member_limit},        {"editWindowSeconds", s.edit_window_seconds}};
}

std::vector<OutboxEvent> group_edited(const GroupEdit& edit, const Chat& after) {
  std::vector<OutboxEvent> events;
  const auto version = after.group ? after.group->version : 0;
  if (!edit.add.empty()) {
    events.push_back(event(kChatMemberAdded, edit.chat_id, edit.at, "chatId", [&](json::object& o) {
      json::array members;
      for (const auto& m : edit.add)
        members.push_back(json::object{{"userId", m.user_id}, {"role", role_name(m.role)}});
      o["members"] = std::move(members);
      o["version"] = version;
    }));
  }
  if (!edit.remove.empty()) {
    events.push_back(event(kChatMemberRemoved, edit.chat_id, edit.at, "chatId", [&](json::object& o) {
      json::array ids;
      for (const auto& id : edit.remove) ids.emplace_back(id);
      o["userIds"] = std::move(ids);
      o["version"] = version;
    }));
  }
  if (edit.title || edit.description || edit.avatar_color || edit.settings || !edit.roles.empty()) {
    events.push_back(event(kChatUpdated, edit.chat_id, edit.at, "chatId", [&](json::object& o) {
      if (edit.title) o["title"] = *edit.title;
      if (edit.description) o["description"] = *edit.description;
      if (edit.avatar_color) o["avatarColor"] = *edit.avatar_color;
      if (edit.settings) o["settings"] = settings_object(*edit.settings);
      if (!edit.roles.empty()) {
        json::array roles;
        for (const auto& [user, role] : edit.roles)
          roles.push_back(json::object{{"userId", user}, {"role", role_name(role)}});
        o["roles"] = std::move(roles);
      }
      o["version"] = version;
    }));
  }
  return events;
}

OutboxEvent presence_changed(std::string_view user_id, bool online, std::optional<TimeMs> last_seen, TimeMs at) {
  return event(online ? kPresenceOnline : kPresenceOffline, std::string(user_id), at, "userId",
               [&](json::object& o) { o["lastSeen"] = last_seen ? json::value(*last_seen) : json::value(nullptr); });
}

}  // namespace parley::store::outbox
