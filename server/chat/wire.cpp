#include "chat/wire.hpp"

#include "store/outbox_events.hpp"
#include "util/ids.hpp"

namespace parley::chat {
namespace json = boost::json;

std::string_view status_name(store::Status s) { return store::outbox::status_name(s); }

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
  return json::object{{"id", c.id},
                      {"participants", std::move(participants)},
                      {"createdAt", util::iso8601(c.created_at)},
                      {"updatedAt", util::iso8601(c.updated_at)},
                      {"lastSeq", c.last_seq}};
}

json::object message_json(const store::Message& m) { return store::outbox::message_object(m); }

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
