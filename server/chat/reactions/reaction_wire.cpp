#include "chat/reactions/reaction_wire.hpp"

#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

json::object reactions_event(const store::Reacted& r, std::string_view user_id, std::string_view emoji) {
  json::array counts;
  counts.reserve(r.message.reactions.size());
  for (const auto& c : r.message.reactions) counts.push_back(json::object{{"emoji", c.emoji}, {"count", c.count}});
  return json::object{{"chatId", r.message.chat_id},
                      {"messageId", r.message.id},
                      {"reactions", std::move(counts)},
                      {"userId", user_id},
                      {"emoji", emoji},
                      {"added", r.added},
                      {"changeSeq", r.message.change_seq}};
}

json::object reactors_json(const ReactorPage& page) {
  json::array reactors;
  reactors.reserve(page.reactors.size());
  for (const auto& r : page.reactors) {
    reactors.push_back(
        json::object{{"userId", r.user_id}, {"name", r.name}, {"emoji", r.emoji}, {"at", util::iso8601(r.at)}});
  }
  return json::object{{"reactors", std::move(reactors)},
                      {"next", page.next ? json::value(*page.next) : json::value(nullptr)}};
}

json::object unread_reactions_json(const std::vector<store::UnreadReactions>& unread) {
  json::array chats;
  chats.reserve(unread.size());
  for (const auto& u : unread) {
    chats.push_back(json::object{{"chatId", u.chat_id}, {"count", u.count}, {"latestMessageId", u.latest_message_id}});
  }
  return json::object{{"chats", std::move(chats)}};
}

json::object frequent_json(const std::vector<store::EmojiUse>& uses) {
  json::array out;
  out.reserve(uses.size());
  for (const auto& u : uses) {
    out.push_back(json::object{{"emoji", u.emoji}, {"uses", u.uses}, {"lastUsedAt", util::iso8601(u.last_used_at)}});
  }
  return json::object{{"emoji", std::move(out)}};
}

}  // namespace parley::chat
