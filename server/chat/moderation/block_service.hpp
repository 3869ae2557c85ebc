// Blocking: a person blocks another, and from then on, until they unblock:
// - neither can send into their private chat (messages, forwards, edits, reactions, typing):
//   `blocked`, which tells the blocked one only that they cannot send;
// - the blocked one cannot add the blocker to groups (`blocked`);
// - neither sees the other's online status and last seen (PrivacyPolicy: a block hides it
//   both ways, on every instance);
// - in groups they share, the blocker's clients fold the blocked one's messages away (the list
//   reaches every device: Events::blocks_changed), and no notification of theirs reaches the
//   blocker.
// The blocks are kept in memory with the privacy settings (Core::privacy).
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <string>
#include <vector>

namespace parley::chat {

struct BlockedUser {
  store::User user;  // without secrets
  store::TimeMs at = 0;
};

class BlockService {
 public:
  explicit BlockService(Core& core) : core_(core) {}

  // Whom the actor blocked, the latest first.
  Result<std::vector<BlockedUser>> list(const Actor& actor);
  // Blocks (blocked = true) or unblocks `other_id`: invalid_input for a malformed id or oneself,
  // not_found for an id that is not a user. Doing it twice is no error.
  Result<void> set(const Actor& actor, const std::string& other_id, bool blocked);

 private:
  Core& core_;
};

// Refuses with `blocked` a private chat of `user_id` with someone either of them blocked (a group:
// never).
Result<void> check_not_blocked(Core& core, const store::Chat& chat, const std::string& user_id);
// Refuses with `blocked` adding `user_ids` to a group when one of them blocked `actor_id`.
Result<void> check_may_add(Core& core, const std::string& actor_id, const std::vector<std::string>& user_ids);

}  // namespace parley::chat
