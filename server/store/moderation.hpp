// Moderation as stored: who blocked whom. Not part of Store's own interface: Store::moderation()
// hands it out, so that only the code that moderates is built against it.
//
// Blocks are one-way rows (the blocker, the blocked user, when); what a block prevents is the
// domain's (chat/moderation).
//
// Thread-safe, blocking, durable like Store.
#pragma once

#include "store/errors.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

// How many users one person can block.
inline constexpr std::size_t kMaxBlocks = 10000;

struct Block {
  std::string user_id;     // who blocked
  std::string blocked_id;  // whom
  TimeMs at = 0;           // when
  bool operator==(const Block&) const = default;
};

class ModerationStore {
 public:
  virtual ~ModerationStore() = default;
  // `user_id` blocks (blocked = true) or unblocks `other_id`; true when that changed something.
  // kNotFound: either is not a user; kInvalid: oneself, or kMaxBlocks reached.
  virtual Result<bool> set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) = 0;
  // The users `user_id` blocked, the latest first.
  virtual Result<std::vector<Block>> blocks_of(std::string_view user_id) = 0;
  // Every block there is (for the domain's in-memory view), by blocker.
  virtual Result<std::vector<Block>> all_blocks() = 0;
};

}  // namespace parley::store
