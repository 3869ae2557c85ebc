#include "chat/wire.hpp"

#include "chat/schedules/scheduled_id.hpp"
#include "store/outbox_events.hpp"
#include "util/ids.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace parley::chat {
namespace json = boost::json;

namespace {

json::value optional_text(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

std::string attachments_text(const json::array& files) {
  if (files.size() == 1 && files[0].is_object()) {
    const auto& f = files[0].as_object();
    const auto* kind = f.if_contains("kind");
    if (kind != nullptr && kind->is_string() && kind->as_string() == "voice") return "🎤 Voice message";
    const auto* name = f.if_contains("name");
    if (name != nullptr && name->is_string()) return "📎 " + std::string(name->as_string());
  }
  return "📎 " + std::to_string(files.size()) + " files";
}

std::string_view status_name(store::Status s) {
  switch (s) {
    case store::Status::kSent:
      return "SENT";
    case store::Status::kDelivered:
      return "DELIVERED";
    case store::Status::kRead:
      return "READ";
  }
  return "SENT";
}

json::object user_json(const store::User& u, std::optional<bool> online) {
  json::object o{{"id", u.id}, {"email", u.email}, {"name", u.name}};
  if (online) o["isOnline"] = *online;
  if (u.last_seen) {
    o["lastSeen"] = *u.last_seen;
  } else if (online) {
    o["lastSeen"] = nullptr;
  }
  return o;
}

json::object chat_json(const store::Chat& c) {
  json::array participants;
  for (const auto& p : c.participants) participants.emplace_back(p);
  json::object o{{"id", c.id},
                 {"participants", std::move(participants)},
                 {"createdAt", util::iso8601(c.created_at)},
                 {"updatedAt", util::iso8601(c.updated_at)},
                 {"lastSeq", c.last_seq},
                 {"changeSeq", c.change_seq}};
  if (c.group) {
    const auto& g = *c.group;
    o["kind"] = "group";
    o["title"] = g.title;
    o["description"] = g.description;
    o["avatarColor"] = g.avatar_color;
    o["memberCount"] = g.member_count;
    o["participantsTruncated"] = c.participants_truncated;
    o["settings"] = store::outbox::settings_object(g.settings);
    o["version"] = g.version;
    o["deliveredSeq"] = g.delivered_floor;  // every member has the messages up to here
    o["readSeq"] = g.read_floor;            // every member read the messages up to here
  } else {
    o["kind"] = "private";
  }
  return o;
}

json::object chat_json(const store::Chat& c, const std::optional<store::Role>& role) {
  auto o = chat_json(c);
  if (role) o["role"] = store::outbox::role_name(*role);
  return o;
}

json::object message_json(const store::Message& m) {
  json::object o;
  o.reserve(14);
  o["id"] = m.id;
  o["chatId"] = m.chat_id;
  o["senderId"] = m.sender_id;
  // A deleted or hidden message keeps its place (its seq) with a placeholder that clients
  // knowing nothing of deletion show as it is.
  o["content"] = m.deleted_at || m.hidden ? json::value(kDeletedPlaceholder) : json::value(m.content);
  if (m.attachments && !m.deleted_at && !m.hidden) {
    // The caption apart, and for clients that know nothing of files a content that says what
    // came when there is no caption.
    boost::system::error_code ec;
    auto files = json::parse(*m.attachments, ec);
    if (!ec && files.is_array()) {
      if (m.content.empty()) o["content"] = attachments_text(files.as_array());
      o["caption"] = m.content;
      o["attachments"] = std::move(files);
    }
  }
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
  if (sent_by_schedule(m)) o["scheduled"] = true;
  if (m.kind != "text") {
    o["kind"] = m.kind;
    boost::system::error_code ec;
    auto system = m.system ? json::parse(*m.system, ec) : json::value(nullptr);
    o["system"] = ec ? json::value(nullptr) : std::move(system);
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
  if (m.hidden) o["hidden"] = true;
  if (m.change_seq > 0) o["changeSeq"] = m.change_seq;
  if (m.reply_to_id) {
    o["replyToId"] = *m.reply_to_id;
    if (m.reply_to && !m.hidden) {
      const auto& r = *m.reply_to;
      o["replyTo"] = json::object{{"id", r.id},
                                  {"senderId", r.sender_id},
                                  {"senderName", r.sender_name},
                                  {"excerpt", r.excerpt},
                                  {"deleted", r.deleted}};
    }
    if (m.quote && !m.hidden && !m.deleted_at) o["quote"] = *m.quote;
  }
  if (m.thread_root_id) {
    o["threadRootId"] = *m.thread_root_id;
    o["alsoToChat"] = m.also_to_chat;
  }
  if (m.thread_count > 0) o["thread"] = thread_json(m);
  o["reactions"] = reactions_json(m);
  if (!m.deleted_at && !m.hidden) {
    if (!m.mentions.users.empty()) {
      json::array users;
      users.reserve(m.mentions.users.size());
      for (const auto& id : m.mentions.users) users.emplace_back(id);
      o["mentions"] = std::move(users);
    }
    if (m.mentions.all) o["mentionsAll"] = true;
  }
  return o;
}

json::array reactions_json(const store::Message& m) {
  json::array out;
  out.reserve(m.reactions.size());
  for (const auto& r : m.reactions) {
    const bool me = std::find(m.my_reactions.begin(), m.my_reactions.end(), r.emoji) != m.my_reactions.end();
    out.push_back(json::object{{"emoji", r.emoji}, {"count", r.count}, {"me", me}});
  }
  return out;
}

json::object thread_json(const store::Message& root) {
  json::array participants;
  for (const auto& id : root.thread_participants) participants.emplace_back(id);
  return json::object{
      {"replyCount", root.thread_count},
      {"lastReplyAt", root.thread_last_at ? json::value(util::iso8601(*root.thread_last_at)) : json::value(nullptr)},
      {"participants", std::move(participants)}};
}

json::object thread_event(const store::Message& root) {
  return json::object{
      {"chatId", root.chat_id}, {"rootId", root.id}, {"thread", thread_json(root)}, {"changeSeq", root.change_seq}};
}

std::optional<std::string> string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

json::array messages_json(const std::vector<store::Message>& messages) {
  json::array a;
  a.reserve(messages.size());
  for (const auto& m : messages) a.push_back(message_json(m));
  return a;
}

}  // namespace parley::chat
