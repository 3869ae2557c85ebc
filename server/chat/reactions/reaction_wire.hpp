// The wire forms of reactions, shared by the Socket.IO events and the REST routes. Pure; safe
// from any thread.
#pragma once

#include "chat/reactions/reaction_service.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace parley::chat {

// The message:reactions event of a change: {chatId, messageId, reactions: [{emoji, count}],
// userId, emoji, added, changeSeq}; the same for every viewer (each client knows its own).
boost::json::object reactions_event(const store::Reacted& r, std::string_view user_id, std::string_view emoji);
// {reactors: [{userId, name, emoji, at}], next}
boost::json::object reactors_json(const ReactorPage& page);
// {chats: [{chatId, count, latestMessageId}]}
boost::json::object unread_reactions_json(const std::vector<store::UnreadReactions>& unread);
// {emoji: [{emoji, uses, lastUsedAt}]}
boost::json::object frequent_json(const std::vector<store::EmojiUse>& uses);

}  // namespace parley::chat
