#include "chat/emoji/emoji_wire.hpp"

#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

json::object emoji_json(const store::CustomEmoji& e) {
  return json::object{{"id", e.id},
                      {"shortcode", e.shortcode},
                      {"url", "/api/v1/emoji/" + e.id + "/image"},
                      {"chatId", e.scope.empty() ? json::value(nullptr) : json::value(e.scope)},
                      {"createdBy", e.created_by},
                      {"createdAt", util::iso8601(e.created_at)}};
}

json::object emoji_set_json(const EmojiSet& set) {
  json::array emoji;
  for (const auto& e : set.emoji) emoji.push_back(emoji_json(e));
  return json::object{{"emoji", std::move(emoji)}, {"canManage", set.can_manage}};
}

}  // namespace parley::chat
