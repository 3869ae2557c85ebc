#include "chat/notifications/notify_rules.hpp"

#include "blob/sha256.hpp"
#include "util/utf8.hpp"

#include <boost/json/serialize.hpp>

namespace parley::chat {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxBodyChars = 200;

std::string text_of(const store::Message& m) {
  if (!m.content.empty()) {
    const auto prefix = util::utf8_prefix(m.content, kMaxBodyChars);
    return prefix.size() < m.content.size() ? std::string(prefix) + "…" : std::string(prefix);
  }
  if (m.attachments) return "Sent a file";
  return "New message";
}

}  // namespace

bool should_notify(const store::ChatNotify& setting, const MessageForUser& message, std::int64_t now) {
  if (setting.level == store::NotifyLevel::kNothing) return false;
  const bool muted = setting.muted_until > now;
  if (muted || setting.level == store::NotifyLevel::kMentions || !message.in_timeline) return message.concerns;
  return true;
}

std::string push_payload(const store::Chat& chat, const store::Message& message, const std::string& sender_name,
                         bool previews) {
  json::object o{{"chatId", chat.id}, {"messageId", message.id}, {"at", message.created_at}};
  o["title"] = chat.group ? chat.group->title : sender_name;
  if (previews) o["body"] = chat.group ? sender_name + ": " + text_of(message) : text_of(message);
  return json::serialize(o);
}

std::string push_topic(const std::string& chat_id) {
  // Hex is base64url too: 32 of its characters (128 bits of the hash).
  return blob::sha256_hex(chat_id).substr(0, 32);
}

}  // namespace parley::chat
