// Read receipts as one viewer sees them (store/privacy.hpp): the messages of others they read
// with receipts off are READ for them; with receipts off, their own messages show at most
// DELIVERED (they see no one's read receipts). For every page of messages a viewer gets.
#pragma once

#include "chat/core.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

Result<void> receipts_as_seen_by(Core& core, const std::string& user_id, std::string_view chat_id,
                                 std::vector<store::Message>& page);

}  // namespace parley::chat
