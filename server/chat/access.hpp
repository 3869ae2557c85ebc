// The one access policy of the domain: who may see and change a chat and its messages. Every
// feature module asks it before acting, so a rule (today: participants only; with groups:
// members and roles) is written once. Safe from any thread; reads the store.
#pragma once

#include "chat/errors.hpp"
#include "store/store.hpp"

#include <string>
#include <string_view>

namespace parley::chat {

class Access {
 public:
  Access(store::ChatStore& chats, store::MessageStore& messages, store::GroupStore& groups)
      : chats_(chats), messages_(messages), groups_(groups) {}

  static bool is_participant(const store::Chat& chat, std::string_view user_id);

  // The chat, when `actor` takes part in it: invalid_input for a malformed id, not_found,
  // forbidden otherwise.
  Result<store::Chat> chat(const std::string& actor, std::string_view chat_id) const;
  // The message, when `actor` takes part in its chat (stored in `chat_out` when given).
  Result<store::Message> message(const std::string& actor, std::string_view message_id,
                                 store::Chat* chat_out = nullptr) const;

 private:
  store::ChatStore& chats_;
  store::MessageStore& messages_;
  store::GroupStore& groups_;
};

}  // namespace parley::chat
