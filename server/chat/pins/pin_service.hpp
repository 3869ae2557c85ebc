// Pins: pinning and unpinning a message of a chat (up to max_pins per chat), and a chat's
// pinned messages. Safe from any thread.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

class PinService {
 public:
  explicit PinService(Core& core) : core_(core) {}

  Result<store::Message> pin(const Actor& actor, std::string_view message_id);
  Result<store::Message> unpin(const Actor& actor, std::string_view message_id);
  Result<std::vector<store::Message>> pinned(const Actor& actor, std::string_view chat_id);

 private:
  Result<void> may_pin(const store::Chat& chat, const Actor& actor) const;

  Core& core_;
};

}  // namespace parley::chat
