#include "chat/recent_cache.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

store::Message msg(const std::string& chat, std::int64_t seq) {
  store::Message m;
  m.id = chat + "-" + std::to_string(seq);
  m.chat_id = chat;
  m.seq = seq;
  return m;
}

std::vector<store::Message> run(const std::string& chat, std::int64_t from, std::int64_t to) {
  std::vector<store::Message> out;
  for (auto s = from; s <= to; ++s) out.push_back(msg(chat, s));
  return out;
}

TEST(RecentCache, MissUntilFilledThenServesNewestAndAfter) {
  RecentCache c(5, 10);
  EXPECT_FALSE(c.newest("a", 3));
  c.fill("a", run("a", 8, 12), 12, c.ticket());
  auto newest = c.newest("a", 3);
  ASSERT_TRUE(newest);
  ASSERT_EQ(newest->size(), 3u);
  EXPECT_EQ(newest->front().seq, 10);
  EXPECT_EQ(newest->back().seq, 12);
  EXPECT_FALSE(c.newest("a", 6));  // more than cached, and older ones exist
  auto after = c.after("a", 9, 100);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), 3u);
  EXPECT_FALSE(c.after("a", 5, 100));  // reaches back past the cache
}

TEST(RecentCache, TheTimelineSkipsThreadRepliesAndMissesWhenTheCacheRunsShort) {
  RecentCache c(6, 10);
  auto messages = run("a", 5, 10);
  for (auto s : {7, 8, 10}) messages[static_cast<std::size_t>(s - 5)].thread_root_id = "a-5";
  messages[3].also_to_chat = true;  // seq 8: shown in the timeline too
  c.fill("a", messages, 10, c.ticket());
  auto newest = c.newest("a", 3, true);
  ASSERT_TRUE(newest);
  std::vector<std::int64_t> seqs;
  for (const auto& m : *newest) seqs.push_back(m.seq);
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{6, 8, 9}));
  EXPECT_FALSE(c.newest("a", 5, true)) << "four timeline messages cached, older ones may exist";
  auto after = c.after("a", 6, 10, true);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ(after->front().seq, 8);
  EXPECT_EQ(c.after("a", 6, 10)->size(), 4u) << "catch-up by seq keeps every message";
}

TEST(RecentCache, SmallChatIsCompleteEvenBeyondItsSize) {
  RecentCache c(5, 10);
  c.fill("a", run("a", 1, 2), 2, c.ticket());
  auto newest = c.newest("a", 50);
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->size(), 2u);
  c.fill("empty", {}, 0, c.ticket());
  ASSERT_TRUE(c.newest("empty", 50));
  EXPECT_TRUE(c.newest("empty", 50)->empty());
}

TEST(RecentCache, FollowsAppendsAndDropsOnGaps) {
  RecentCache c(3, 10);
  c.fill("a", run("a", 1, 3), 3, c.ticket());
  c.appended(msg("a", 4));
  auto newest = c.newest("a", 3);
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->back().seq, 4);
  EXPECT_EQ(newest->front().seq, 2);  // bounded to three
  c.appended(msg("a", 4));            // a retry changes nothing
  EXPECT_EQ(c.newest("a", 3)->back().seq, 4);
  c.appended(msg("a", 6));  // a gap: the entry is dropped
  EXPECT_FALSE(c.newest("a", 1));
}

TEST(RecentCache, RefusesAFillReadBeforeAnAppendItMissed) {
  RecentCache c(5, 10);
  // A reader loaded seq 1..3 from the store; seq 4 was committed and announced before the
  // reader filled the cache.
  const auto stale = c.ticket();
  c.appended(msg("a", 4));
  c.fill("a", run("a", 1, 3), 3, stale);
  EXPECT_FALSE(c.newest("a", 1));
  c.fill("a", run("a", 1, 4), 4, c.ticket());  // a fresh read is accepted
  ASSERT_TRUE(c.newest("a", 1));
  EXPECT_EQ(c.newest("a", 1)->back().seq, 4);
}

TEST(RecentCache, RefusesNonContiguousFill) {
  RecentCache c(5, 10);
  auto broken = run("a", 1, 3);
  broken[1].seq = 7;
  c.fill("a", broken, 3, c.ticket());
  EXPECT_FALSE(c.newest("a", 1));
  c.fill("a", run("a", 1, 3), 4, c.ticket());  // does not end at the chat's last seq
  EXPECT_FALSE(c.newest("a", 1));
}

TEST(RecentCache, UpdatesStatusOnlyUpwardAndEvictsLeastRecentlyUsed) {
  RecentCache c(5, 2);
  c.fill("a", run("a", 1, 1), 1, c.ticket());
  store::StatusChange ch;
  ch.chat_id = "a";
  ch.message_id = "a-1";
  ch.aggregate = store::Status::kRead;
  c.status(ch);
  ch.aggregate = store::Status::kDelivered;
  c.status(ch);
  EXPECT_EQ(c.newest("a", 1)->front().status, store::Status::kRead);
  c.fill("b", run("b", 1, 1), 1, c.ticket());
  (void)c.newest("a", 1);  // a is now more recent than b
  c.fill("c", run("c", 1, 1), 1, c.ticket());
  EXPECT_TRUE(c.newest("a", 1));
  EXPECT_FALSE(c.newest("b", 1));
  EXPECT_TRUE(c.newest("c", 1));
}

TEST(RecentCache, ForgetDropsTheChatAndRefusesFillsReadBeforeIt) {
  RecentCache c(5, 10);
  c.fill("a", run("a", 1, 3), 3, c.ticket());
  c.fill("b", run("b", 1, 2), 2, c.ticket());
  const auto before = c.ticket();  // a read of "a" starts ...
  c.forget("a");                   // ... another instance changes "a" ...
  EXPECT_FALSE(c.newest("a", 1));
  c.fill("a", run("a", 1, 3), 3, before);  // ... and the read, maybe stale, is not cached
  EXPECT_FALSE(c.newest("a", 1));
  EXPECT_TRUE(c.newest("b", 1));  // other chats stay
  c.fill("a", run("a", 1, 4), 4, c.ticket());
  ASSERT_TRUE(c.newest("a", 1));
  EXPECT_EQ(c.newest("a", 1)->back().seq, 4);
  c.forget("never-cached");  // harmless
}

TEST(RecentCache, DisabledCachesNothingAndRefusesFillsReadWhileOff) {
  RecentCache c(5, 10);
  c.fill("a", run("a", 1, 3), 3, c.ticket());
  c.set_enabled(false);
  EXPECT_FALSE(c.newest("a", 1));
  c.fill("a", run("a", 1, 3), 3, c.ticket());
  EXPECT_FALSE(c.newest("a", 1));
  const auto while_off = c.ticket();
  c.set_enabled(true);
  c.fill("a", run("a", 1, 3), 3, while_off);  // read while changes could go unheard
  EXPECT_FALSE(c.newest("a", 1));
  c.fill("a", run("a", 1, 3), 3, c.ticket());
  EXPECT_TRUE(c.newest("a", 1));
}

}  // namespace
}  // namespace parley::chat
