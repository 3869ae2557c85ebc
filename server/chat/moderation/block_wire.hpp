// The JSON form of a person's blocks, as GET /api/v1/me/blocks and the acks of user:block and
// user:unblock carry it: {blocks: [{user: User, blockedAt}]}, the latest first; and of the
// blocks:updated event: {userId, blocked, at}.
#pragma once

#include "chat/moderation/block_service.hpp"

#include <boost/json/object.hpp>

namespace parley::chat {

boost::json::object blocks_json(const std::vector<BlockedUser>& blocks);
boost::json::object block_change_json(std::string_view other_id, bool blocked, std::int64_t at);

}  // namespace parley::chat
