// Tests of the PostgreSQL store's two shapes of a search by text (postgres_search.cpp): the
// walk over the newest rows, taken when the sample says matches are dense enough to fill the
// page soon, and the GIN bitmap, taken otherwise, find the same messages, newest first, only
// in the viewer's chats, page after page. The counts below decide the shape: one chat the
// viewer is in, another they are not, every message holding "alpha".
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::store {
namespace {

using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::uuid;
using postgres::testing::TestSchema;

class PostgresSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_postgres_store(schema_.url());
    const User alice = make_user(*store_, 1, "alice");
    bob_ = make_user(*store_, 2, "bob").id;
    const User carol = make_user(*store_, 3, "carol");
    const Chat with_bob = must(store_->find_or_create_private_chat(uuid(10), alice.id, bob_, kT0), "chat");
    const Chat with_carol = must(store_->find_or_create_private_chat(uuid(11), alice.id, carol.id, kT0), "chat");
    // 60 in Bob's chat (every tenth also "gamma"), 20 in one he is not in, interleaved.
    for (std::uint64_t i = 0; i < 80; ++i) {
      const bool his = i % 4 != 3;
      const std::string text = "alpha " + std::to_string(i) + (i % 10 == 0 ? " gamma" : "");
      ASSERT_TRUE(
          store_->append_messages({message_to(his ? with_bob : with_carol, uuid(100 + i), alice.id, text)}).at(0).ok());
      if (his) expected_.insert(expected_.begin(), text);  // newest first
    }
  }

  // Every page of `limit` until the end, each below the last position of the one before.
  std::vector<std::string> pages(std::vector<std::string> all, std::vector<std::string> none, std::size_t limit) {
    std::vector<std::string> found;
    MessageSearch s;
    s.viewer = bob_;
    s.all = std::move(all);
    s.none = std::move(none);
    s.limit = limit;
    while (true) {
      const auto hits = must(store_->search_messages(s), "search");
      for (const auto& h : hits) found.push_back(h.message.content);
      if (hits.size() < limit) return found;
      s.below_position = hits.back().position;
    }
  }

  TestSchema schema_;
  std::unique_ptr<Store> store_;
  std::string bob_;
  std::vector<std::string> expected_;
};

TEST_F(PostgresSearch, TheWalkAndTheBitmapFindTheSameMessagesNewestFirst) {
  // Limit 1 and 7: every sampled row matches, a walk of a few rows fills the page.
  EXPECT_EQ(pages({"alpha"}, {}, 1), expected_);
  EXPECT_EQ(pages({"alpha"}, {}, 7), expected_);
  // Limit 500: the walk would read everything; the bitmap reads the 60 matches.
  EXPECT_EQ(pages({"alpha"}, {}, 500), expected_);
}

TEST_F(PostgresSearch, BothShapesApplyExclusionsAndEveryPattern) {
  std::vector<std::string> without_gamma, with_gamma;
  for (const auto& text : expected_) (text.ends_with("gamma") ? with_gamma : without_gamma).push_back(text);
  EXPECT_EQ(pages({"alpha"}, {"gamma"}, 5), without_gamma) << "a walk";
  EXPECT_EQ(pages({"alpha"}, {"gamma"}, 500), without_gamma) << "a bitmap";
  EXPECT_EQ(pages({"alpha", "gamma"}, {}, 500), with_gamma);
  EXPECT_EQ(pages({"gamma"}, {}, 1), with_gamma) << "rare: a bitmap even for one";
  EXPECT_TRUE(pages({"delta"}, {}, 1).empty());
}

}  // namespace
}  // namespace parley::store
