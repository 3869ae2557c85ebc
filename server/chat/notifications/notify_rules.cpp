#include "chat/notifications/notify_rules.hpp"

#include "blob/sha256.hpp"
#include "util/search_text.hpp"
#include "util/utf8.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

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

bool has_keyword(std::string_view text, const std::vector<std::string>& keywords) {
  if (keywords.empty() || text.empty()) return false;
  const auto words = util::search_text(text);
  return std::any_of(keywords.begin(), keywords.end(), [&](const std::string& k) {
    const auto form = util::search_text(k);
    return form.find_first_not_of(' ') != std::string::npos && words.find(form) != std::string::npos;
  });
}

std::string push_payload(const store::Chat& chat, const store::Message& message, const std::string& sender_name,
                         bool previews, bool concerns) {
  json::object o{{"chatId", chat.id}, {"messageId", message.id}, {"at", message.created_at}};
  o["title"] = chat.group ? chat.group->title : sender_name;
  if (previews) o["body"] = chat.group ? sender_name + ": " + text_of(message) : text_of(message);
  if (concerns) o["mention"] = true;
  return json::serialize(o);
}

std::string reaction_payload(const store::Chat& chat, const store::Message& message, const std::string& reactor_name,
                             const std::string& emoji, bool previews, std::int64_t at) {
  json::object o{{"kind", "reaction"}, {"chatId", chat.id}, {"messageId", message.id}, {"at", at}};
  o["title"] = chat.group ? chat.group->title : reactor_name;
  const auto what = reactor_name + " reacted " + emoji + " to ";
  o["body"] = previews ? what + "\u201c" + text_of(message) + "\u201d" : what + "your message";
  return json::serialize(o);
}

std::string named_chats(const std::vector<std::string>& names, std::size_t count) {
  std::string out;
  const std::size_t named = std::min<std::size_t>({count, names.size(), 2});
  for (std::size_t i = 0; i < named; ++i) {
    if (i > 0) out += count == 2 ? " and " : ", ";
    out += names[i];
  }
  if (count > named) {
    const auto more = count - named;
    out += " and " + std::to_string(more) + (more == 1 ? " more chat" : " more chats");
  }
  return out;
}

std::string summary_payload(const std::vector<HeldCount>& chats, std::int64_t at) {
  std::int64_t total = 0;
  json::array listed;
  std::vector<std::string> names;
  for (const auto& c : chats) {
    total += c.count;
    listed.push_back(json::object{{"chatId", c.chat_id}, {"count", c.count}});
    if (names.size() < 2) names.push_back(c.name);
  }
  std::string body = std::to_string(total) + (total == 1 ? " new message in " : " new messages in ") +
                     named_chats(names, chats.size());
  return json::serialize(json::object{{"kind", "summary"},
                                      {"title", "While Do not disturb was on"},
                                      {"body", std::move(body)},
                                      {"at", at},
                                      {"chats", std::move(listed)}});
}

std::string push_topic(const std::string& chat_id) {
  // Hex is base64url too: 32 of its characters (128 bits of the hash).
  return blob::sha256_hex(chat_id).substr(0, 32);
}

}  // namespace parley::chat
