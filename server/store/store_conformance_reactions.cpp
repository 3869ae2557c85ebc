// The conformance suite, part 12: reactions (store/reactions.hpp): toggling, counts by first
// use, the limits, who reacted in pages, a viewer's own reactions, the unread reactions of a
// message's author, the most used emoji, deletion, concurrent toggles and the events.
#include "store/store_conformance.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

ReactionChange reaction(const Message& m, const User& user, std::string emoji, std::optional<bool> on = std::nullopt,
                        TimeMs at = kT0) {
  ReactionChange c;
  c.message_id = m.id;
  c.user_id = user.id;
  c.emoji = std::move(emoji);
  c.on = on;
  c.at = at;
  return c;
}

// A message that was never stored.
Message unknown_message(std::string id) {
  Message m;
  m.id = std::move(id);
  return m;
}

ReactorQuery reactors_of(const Message& m, std::size_t limit = 50) {
  ReactorQuery q;
  q.message_id = m.id;
  q.limit = limit;
  return q;
}

}  // namespace

TEST_P(StoreConformance, AReactionTogglesAndTheMessageKeepsItsCountsByFirstUse) {
  add_cast();
  const Message m = send(chat_, alice_, "dinner?");
  const Reacted first = must(store().react(reaction(m, bob_, "👍", std::nullopt, kT0 + 1)), "react");
  EXPECT_TRUE(first.added);
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.message.reactions, (std::vector<ReactionCount>{{"👍", 1}}));
  EXPECT_EQ(first.message.change_seq, 1);
  must(store().react(reaction(m, alice_, "❤️", std::nullopt, kT0 + 2)), "react");
  const Reacted third = must(store().react(reaction(m, alice_, "👍", std::nullopt, kT0 + 3)), "react");
  EXPECT_EQ(third.message.reactions, (std::vector<ReactionCount>{{"👍", 2}, {"❤️", 1}}));
  EXPECT_EQ(third.message.change_seq, 3);

  // Stored with the message, read back by every path.
  EXPECT_EQ(must(store().message_by_id(m.id), "message_by_id").reactions, third.message.reactions);
  EXPECT_EQ(must(store().history(chat_.id, newest()), "history").front().reactions, third.message.reactions);
  const auto changes = must(store().changes(chat_.id, ChangeQuery{2, bob_.id, 50}), "changes");
  ASSERT_EQ(changes.messages.size(), 1U);
  EXPECT_EQ(changes.messages[0].reactions, third.message.reactions);

  // Toggling again takes it away; a count of zero leaves the list. The counts are recomputed
  // from the reactions still there: 👍's first use is now alice's (kT0 + 3), after ❤️'s.
  const Reacted off = must(store().react(reaction(m, bob_, "👍", std::nullopt, kT0 + 4)), "react");
  EXPECT_FALSE(off.added);
  EXPECT_TRUE(off.changed);
  // The order is that of the first use among the reactions still there: alice's 👍 came after her ❤️.
  EXPECT_EQ(off.message.reactions, (std::vector<ReactionCount>{{"❤️", 1}, {"👍", 1}}));
  must(store().react(reaction(m, alice_, "👍", std::nullopt, kT0 + 5)), "react");
  EXPECT_EQ(must(store().message_by_id(m.id), "message_by_id").reactions, (std::vector<ReactionCount>{{"❤️", 1}}));
}

TEST_P(StoreConformance, AddingOrRemovingWhatIsAlreadySoChangesNothing) {
  add_cast();
  const Message m = send(chat_, alice_, "hi");
  must(store().react(reaction(m, bob_, "🎉", true)), "react");
  const Reacted again = must(store().react(reaction(m, bob_, "🎉", true, kT0 + 1)), "react");
  EXPECT_TRUE(again.added);
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.message.reactions, (std::vector<ReactionCount>{{"🎉", 1}}));
  EXPECT_EQ(again.message.change_seq, 1);
  const Reacted none = must(store().react(reaction(m, bob_, "😂", false)), "react");
  EXPECT_FALSE(none.added);
  EXPECT_FALSE(none.changed);
}

TEST_P(StoreConformance, ReactionsStayWithinTheirLimits) {
  add_cast();
  const Message m = send(chat_, alice_, "vote");
  auto c = reaction(m, bob_, "1️⃣");
  c.max_per_user = 2;
  must(store().react(c), "react");
  c.emoji = "2️⃣";
  must(store().react(c), "react");
  c.emoji = "3️⃣";
  EXPECT_EQ(error_of(store().react(c)), Errc::kLimit);
  // Removing one makes room again.
  c.emoji = "1️⃣";
  must(store().react(c), "react");
  c.emoji = "3️⃣";
  must(store().react(c), "react");

  // Distinct emoji per message: a new one is refused, one already there is not.
  auto d = reaction(m, alice_, "🐱");
  d.max_distinct = 2;
  EXPECT_EQ(error_of(store().react(d)), Errc::kLimit);
  d.emoji = "2️⃣";
  EXPECT_TRUE(must(store().react(d), "react").added);

  EXPECT_EQ(error_of(store().react(reaction(unknown_message(next_id()), bob_, "👍"))), Errc::kNotFound);
}

TEST_P(StoreConformance, DeletedAndSystemMessagesTakeNoReactionsAndDeletionClearsThem) {
  add_cast();
  const Message m = send(chat_, alice_, "oops");
  must(store().react(reaction(m, bob_, "👍")), "react");
  const auto tombstones = must(store().delete_messages(chat_.id, {m.id}, alice_.id, kT0 + 1), "delete");
  EXPECT_TRUE(tombstones.at(0).reactions.empty());
  EXPECT_TRUE(must(store().message_by_id(m.id), "message_by_id").reactions.empty());
  EXPECT_TRUE(must(store().reactors(reactors_of(m)), "reactors").empty());
  EXPECT_TRUE(must(store().unread_reactions(alice_.id), "unread").empty());
  EXPECT_EQ(error_of(store().react(reaction(m, bob_, "👍"))), Errc::kInvalid);

  const GroupEdited g = must(store().create_group(new_group({alice_, carol_}, "Team")), "create_group");
  EXPECT_EQ(error_of(store().react(reaction(g.system.at(0), carol_, "👍"))), Errc::kInvalid);
}

TEST_P(StoreConformance, WhoReactedComesInPagesOldestFirstWithNames) {
  add_cast();
  const User dave = add_user("dave");
  const Chat group = must(store().create_group(new_group({alice_, bob_, carol_, dave}, "Team")), "group").chat;
  const Message m = send(group, alice_, "ship it?");
  must(store().react(reaction(m, bob_, "👍", true, kT0 + 1)), "react");
  must(store().react(reaction(m, carol_, "👎", true, kT0 + 2)), "react");
  must(store().react(reaction(m, dave, "👍", true, kT0 + 3)), "react");
  must(store().react(reaction(m, bob_, "🚀", true, kT0 + 4)), "react");

  const auto all = must(store().reactors(reactors_of(m)), "reactors");
  EXPECT_EQ(all, (std::vector<Reactor>{{bob_.id, "bob", "👍", kT0 + 1},
                                       {carol_.id, "carol", "👎", kT0 + 2},
                                       {dave.id, "dave", "👍", kT0 + 3},
                                       {bob_.id, "bob", "🚀", kT0 + 4}}));
  auto q = reactors_of(m, 2);
  const auto first = must(store().reactors(q), "reactors");
  ASSERT_EQ(first.size(), 2U);
  q.after_at = first.back().at;
  q.after_user = first.back().user_id;
  q.after_emoji = first.back().emoji;
  const auto second = must(store().reactors(q), "reactors");
  EXPECT_EQ(second, (std::vector<Reactor>{all[2], all[3]}));

  auto thumbs = reactors_of(m);
  thumbs.emoji = "👍";
  EXPECT_EQ(must(store().reactors(thumbs), "reactors"), (std::vector<Reactor>{all[0], all[2]}));
  EXPECT_EQ(error_of(store().reactors(reactors_of(unknown_message(next_id())))), Errc::kNotFound);
}

TEST_P(StoreConformance, AViewerReadsTheirOwnReactionsOnAPage) {
  add_cast();
  const Message a = send(chat_, alice_, "one");
  const Message b = send(chat_, alice_, "two");
  must(store().react(reaction(a, bob_, "👍")), "react");
  must(store().react(reaction(a, bob_, "😂")), "react");
  must(store().react(reaction(b, alice_, "👍")), "react");
  auto mine = must(store().reactions_of(bob_.id, {a.id, b.id, next_id()}), "reactions_of");
  std::sort(mine.begin(), mine.end());
  std::vector<std::pair<std::string, std::string>> expected{{a.id, "👍"}, {a.id, "😂"}};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(mine, expected);
  EXPECT_TRUE(must(store().reactions_of(carol_.id, {a.id, b.id}), "reactions_of").empty());
}

TEST_P(StoreConformance, TheAuthorHasUnreadReactionsOfOthersPerChatUntilRead) {
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  const Message a = send(chat_, alice_, "one");
  const Message b = send(chat_, alice_, "two");
  const Message c = send(other, alice_, "three");
  const Message bobs = send(chat_, bob_, "bob's");
  must(store().react(reaction(a, bob_, "👍", true, kT0 + 1)), "react");
  must(store().react(reaction(b, bob_, "❤️", true, kT0 + 2)), "react");
  must(store().react(reaction(b, alice_, "❤️", true, kT0 + 3)), "react");  // one's own: not unread
  must(store().react(reaction(c, carol_, "🔥", true, kT0 + 4)), "react");
  must(store().react(reaction(bobs, alice_, "👍", true, kT0 + 5)), "react");

  auto unread = must(store().unread_reactions(alice_.id), "unread");
  std::sort(unread.begin(), unread.end(), [](const auto& x, const auto& y) { return x.chat_id < y.chat_id; });
  std::vector<UnreadReactions> expected{{chat_.id, 2, b.id}, {other.id, 1, c.id}};
  std::sort(expected.begin(), expected.end(), [](const auto& x, const auto& y) { return x.chat_id < y.chat_id; });
  EXPECT_EQ(unread, expected);
  EXPECT_EQ(must(store().unread_reactions(bob_.id), "unread"), (std::vector<UnreadReactions>{{chat_.id, 1, bobs.id}}));

  // A reaction taken back is no longer unread; reading a chat clears its count only.
  must(store().react(reaction(b, bob_, "❤️", false, kT0 + 6)), "react");
  EXPECT_EQ(must(store().read_reactions(alice_.id, chat_.id), "read_reactions"), 1);
  EXPECT_EQ(must(store().unread_reactions(alice_.id), "unread"), (std::vector<UnreadReactions>{{other.id, 1, c.id}}));
  EXPECT_EQ(must(store().read_reactions(alice_.id, chat_.id), "read_reactions"), 0);
}

TEST_P(StoreConformance, EachPersonsMostUsedEmojiComeFirst) {
  add_cast();
  const Message m = send(chat_, alice_, "hi");
  must(store().react(reaction(m, bob_, "👍", true, kT0 + 1)), "react");
  must(store().count_emoji(bob_.id, {"😂", "😂", "🙈"}, kT0 + 2), "count_emoji");
  must(store().count_emoji(bob_.id, {"👍"}, kT0 + 3), "count_emoji");
  must(store().react(reaction(m, bob_, "👍", false, kT0 + 4)), "react");  // taking back counts no use
  must(store().count_emoji(alice_.id, {"🐱"}, kT0 + 5), "count_emoji");
  EXPECT_EQ(must(store().frequent_emoji(bob_.id, 10), "frequent"),
            (std::vector<EmojiUse>{{"👍", 2, kT0 + 3}, {"😂", 2, kT0 + 2}, {"🙈", 1, kT0 + 2}}));
  EXPECT_EQ(must(store().frequent_emoji(bob_.id, 1), "frequent").size(), 1U);
  EXPECT_TRUE(must(store().frequent_emoji(carol_.id, 10), "frequent").empty());
}

TEST_P(StoreConformance, ConcurrentTogglesOfOneEmojiAddUp) {
  add_cast();
  const User dave = add_user("dave");
  const Chat group = must(store().create_group(new_group({alice_, bob_, carol_, dave}, "Team")), "group").chat;
  const Message m = send(group, alice_, "race");
  // Three people toggle the same emoji 41, 40 and 39 times at once: on, off, on.
  const std::vector<std::pair<User, int>> people{{bob_, 41}, {carol_, 40}, {dave, 39}};
  std::latch start(static_cast<std::ptrdiff_t>(people.size()));
  std::vector<std::thread> threads;
  for (const auto& [user, times] : people) {
    threads.emplace_back([&, who = user, n = times] {
      start.arrive_and_wait();
      for (int i = 0; i < n; ++i) must(store().react(reaction(m, who, "🔥", std::nullopt, kT0 + i)), "react");
    });
  }
  for (auto& t : threads) t.join();
  const Message after = must(store().message_by_id(m.id), "message_by_id");
  EXPECT_EQ(after.reactions, (std::vector<ReactionCount>{{"🔥", 2}}));
  EXPECT_EQ(after.change_seq, 41 + 40 + 39);
  EXPECT_EQ(must(store().reactors(reactors_of(m)), "reactors").size(), 2U);
}

TEST_P(StoreConformance, AReactionWritesItsEvent) {
  if (!reopen_with_outbox()) GTEST_SKIP() << GetParam().name << " has no outbox";
  add_cast();
  const Message m = send(chat_, alice_, "hi");
  must(store().outbox_remove([&] {
    std::vector<std::int64_t> p;
    for (const auto& e : must(store().outbox_pending(1000), "pending")) p.push_back(e.position);
    return p;
  }()),
       "outbox_remove");
  must(store().react(reaction(m, bob_, "👍", true, kT0 + 1)), "react");
  must(store().react(reaction(m, bob_, "👍", true, kT0 + 2)), "react");  // no change, no event
  must(store().react(reaction(m, bob_, "👍", false, kT0 + 3)), "react");
  const auto events = must(store().outbox_pending(1000), "pending");
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0].type, "message.reactions");
  EXPECT_EQ(events[0].key, chat_.id);
  const auto on = boost::json::parse(events[0].payload).as_object();
  EXPECT_EQ(on.at("messageId").as_string(), m.id);
  EXPECT_EQ(on.at("userId").as_string(), bob_.id);
  EXPECT_EQ(on.at("emoji").as_string(), "👍");
  EXPECT_TRUE(on.at("added").as_bool());
  EXPECT_EQ(on.at("reactions").as_array().size(), 1U);
  const auto off = boost::json::parse(events[1].payload).as_object();
  EXPECT_FALSE(off.at("added").as_bool());
  EXPECT_TRUE(off.at("reactions").as_array().empty());
}

}  // namespace parley::store::conformance
