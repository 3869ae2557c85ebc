// Forwards: copies of messages the actor can read into a chat they take part in, keeping the
// first author and message, with an optional comment stored as a message of its own just before
// them. Safe from any thread.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/typing/typing_service.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct Forwarded {
  std::vector<store::Message> messages;
  std::optional<store::Message> comment;
};

class ForwardService {
 public:
  // `typing`: a sender stops typing in the chat they forward to.
  ForwardService(Core& core, TypingService& typing) : core_(core), typing_(typing) {}

  Result<Forwarded> forward(const Actor& actor, const std::vector<std::string>& message_ids,
                            std::string_view to_chat_id, std::optional<std::string> comment);

 private:
  Core& core_;
  TypingService& typing_;
};

}  // namespace parley::chat
