// Conversations: opening private chats, the caller's chats, one chat, and its history (read
// through the recent-message cache). Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

class ConversationService {
 public:
  explicit ConversationService(Core& core) : core_(core) {}

  Result<store::Chat> open_private_chat(const Actor& actor, std::string_view other_user_id);
  Result<std::vector<store::Chat>> list_chats(const Actor& actor);
  // The ids of the groups the user is a member of.
  Result<std::vector<std::string>> group_ids(const Actor& actor);
  Result<store::Chat> get_chat(const Actor& actor, std::string_view chat_id);
  Result<std::vector<store::Message>> history(const Actor& actor, std::string_view chat_id, store::HistoryQuery query);
  // The page of history around one message (the message, about half the page before it and
  // the rest after), oldest first: to open a chat at a message however far back it is. With
  // `timeline`, of the timeline (HistoryQuery::timeline).
  Result<std::vector<store::Message>> around(const Actor& actor, std::string_view chat_id, std::string_view message_id,
                                             std::size_t limit, bool timeline = false);

 private:
  Core& core_;
};

}  // namespace parley::chat
