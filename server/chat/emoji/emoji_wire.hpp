// The JSON form of custom emoji: {id, shortcode, url, chatId (null: the server's), createdBy,
// createdAt}, and a set {emoji, canManage}.
#pragma once

#include "chat/emoji/emoji_service.hpp"

#include <boost/json/object.hpp>

namespace parley::chat {

boost::json::object emoji_json(const store::CustomEmoji& e);
boost::json::object emoji_set_json(const EmojiSet& set);

}  // namespace parley::chat
