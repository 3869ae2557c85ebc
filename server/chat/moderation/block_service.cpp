#include "chat/moderation/block_service.hpp"

#include "chat/store_errors.hpp"
#include "store/moderation.hpp"
#include "util/ids.hpp"

namespace parley::chat {

Result<std::vector<BlockedUser>> BlockService::list(const Actor& actor) {
  auto blocks = core_.store.moderation().blocks_of(actor.user_id);
  if (!blocks) return store_failure(blocks.error(), "Blocks");
  std::vector<BlockedUser> out;
  out.reserve(blocks->size());
  for (const auto& b : *blocks) {
    auto u = core_.store.user_by_id(b.blocked_id);
    if (!u) {
      if (u.error() == store::Errc::kNotFound) continue;
      return store_failure(u.error(), "User");
    }
    u->password_hash.clear();
    u->last_seen.reset();
    out.push_back({std::move(*u), b.at});
  }
  return out;
}

Result<void> BlockService::set(const Actor& actor, const std::string& other_id, bool blocked) {
  if (!util::is_uuid(other_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  if (other_id == actor.user_id) return fail(Errc::kInvalidInput, "One cannot block oneself");
  const auto at = core_.now();
  auto changed = core_.privacy.set_block(actor.user_id, other_id, blocked, at);
  if (!changed) return util::fail(changed.error());
  if (*changed) core_.events.blocks_changed(actor.user_id, other_id, blocked, at);
  return {};
}

Result<void> check_not_blocked(Core& core, const store::Chat& chat, const std::string& user_id) {
  if (chat.group || chat.participants.size() != 2) return {};
  const auto& other = chat.participants[0] == user_id ? chat.participants[1] : chat.participants[0];
  auto blocks = core.privacy.blocks_between(user_id, other);
  if (!blocks) return util::fail(blocks.error());
  if (blocks->first) return fail(Errc::kBlocked, "You blocked this person; unblock them to send messages");
  if (blocks->second) return fail(Errc::kBlocked, "You cannot send messages to this person");
  return {};
}

Result<void> check_may_add(Core& core, const std::string& actor_id, const std::vector<std::string>& user_ids) {
  for (const auto& id : user_ids) {
    auto blocks = core.privacy.blocks_between(id, actor_id);
    if (!blocks) return util::fail(blocks.error());
    if (blocks->first) {
      return fail(Errc::kBlocked, user_ids.size() == 1 ? "You cannot add this person to groups"
                                                       : "One of these people cannot be added to groups by you");
    }
  }
  return {};
}

}  // namespace parley::chat
