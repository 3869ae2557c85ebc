// The conformance suite: blocks (store/moderation.hpp): one-way rows, set and unset once, the
// latest first, refused for oneself and for users that do not exist.
#include "store/moderation.hpp"
#include "store/store_conformance.hpp"

#include <algorithm>

namespace parley::store::conformance {

TEST_P(StoreConformance, BlocksAreOneWayAndChangeOnce) {
  add_cast();
  auto& blocks = store().moderation();
  EXPECT_TRUE(must(blocks.blocks_of(alice_.id), "blocks_of").empty());
  EXPECT_TRUE(must(blocks.set_block(alice_.id, bob_.id, true, kT0), "block"));
  EXPECT_FALSE(must(blocks.set_block(alice_.id, bob_.id, true, kT0 + 5), "block again")) << "nothing changed";
  EXPECT_TRUE(must(blocks.set_block(alice_.id, carol_.id, true, kT0 + 1), "block"));
  EXPECT_TRUE(must(blocks.set_block(carol_.id, alice_.id, true, kT0 + 2), "block back"));

  // The latest first; the first block's time kept.
  EXPECT_EQ(must(blocks.blocks_of(alice_.id), "blocks_of"),
            (std::vector<Block>{{alice_.id, carol_.id, kT0 + 1}, {alice_.id, bob_.id, kT0}}));
  EXPECT_TRUE(must(blocks.blocks_of(bob_.id), "blocks_of").empty()) << "one way";
  const auto all = must(blocks.all_blocks(), "all_blocks");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [&](const Block& b) { return b.user_id == alice_.id; }), 2);

  EXPECT_TRUE(must(blocks.set_block(alice_.id, bob_.id, false, kT0 + 3), "unblock"));
  EXPECT_FALSE(must(blocks.set_block(alice_.id, bob_.id, false, kT0 + 4), "unblock again"));
  EXPECT_EQ(must(blocks.blocks_of(alice_.id), "blocks_of"), (std::vector<Block>{{alice_.id, carol_.id, kT0 + 1}}));

  EXPECT_EQ(error_of(blocks.set_block(alice_.id, alice_.id, true, kT0)), Errc::kInvalid);
  EXPECT_EQ(error_of(blocks.set_block(alice_.id, uuid(999), true, kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(blocks.set_block(uuid(999), alice_.id, true, kT0)), Errc::kNotFound);
  EXPECT_EQ(must(blocks.all_blocks(), "all_blocks").size(), 2U);
}

}  // namespace parley::store::conformance
