#include "chat/moderation/block_wire.hpp"

#include "chat/wire.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

json::object blocks_json(const std::vector<BlockedUser>& blocks) {
  json::array out;
  for (const auto& b : blocks)
    out.push_back(json::object{{"user", user_json(b.user)}, {"blockedAt", util::iso8601(b.at)}});
  return json::object{{"blocks", std::move(out)}};
}

json::object block_change_json(std::string_view other_id, bool blocked, std::int64_t at) {
  return json::object{{"userId", other_id}, {"blocked", blocked}, {"at", util::iso8601(at)}};
}

}  // namespace parley::chat
