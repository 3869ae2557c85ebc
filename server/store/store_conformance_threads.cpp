// The conformance suite, part 11: replies, quotes and threads (store/threads.hpp): what a
// reply points at, quotes removed with their message, thread replies with the chat's seq, the
// root's summary, the timeline, followers and their unread counts.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

std::vector<std::string> ids_of(const std::vector<Message>& messages) {
  std::vector<std::string> ids;
  for (const auto& m : messages) ids.push_back(m.id);
  return ids;
}

HistoryQuery timeline(std::size_t limit) {
  HistoryQuery q;
  q.limit = limit;
  q.timeline = true;
  return q;
}

FollowedQuery followed_by(const User& user) {
  FollowedQuery q;
  q.user_id = user.id;
  return q;
}

}  // namespace

TEST_P(StoreConformance, AReplyKeepsWhatItAnswersAndTheFragmentItQuotes) {
  add_cast();
  const Message original = send(chat_, alice_, "lunch at noon? the usual place");
  NewMessage r = new_message(chat_, bob_, "yes!");
  r.reply_to_id = original.id;
  r.quote = "the usual place";
  const Message stored = append_one(r).message;
  EXPECT_EQ(stored.reply_to_id, original.id);
  EXPECT_EQ(stored.quote, "the usual place");
  EXPECT_FALSE(stored.thread_root_id.has_value());
  EXPECT_TRUE(stored.in_timeline());
  expect_same_message(must(store().message_by_id(stored.id), "message_by_id"), stored);
  const auto page = must(store().history(chat_.id, newest()), "history");
  ASSERT_EQ(page.size(), 2U);
  expect_same_message(page[1], stored);

  // The targets with their senders' names: unknown ids left out, each id once.
  const auto targets = must(store().reply_targets({original.id, next_id(), stored.id, original.id}), "reply_targets");
  ASSERT_EQ(targets.size(), 2U);
  for (const auto& [m, name] : targets) {
    if (m.id == original.id) {
      EXPECT_EQ(name, "alice");
      EXPECT_EQ(m.content, "lunch at noon? the usual place");
    } else {
      EXPECT_EQ(m.id, stored.id);
      EXPECT_EQ(name, "bob");
    }
  }
  EXPECT_TRUE(must(store().reply_targets({}), "reply_targets").empty());
}

TEST_P(StoreConformance, DeletingAMessageRemovesItsTextFromTheQuotesOfItsReplies) {
  add_cast();
  const Message original = send(chat_, alice_, "the secret word is plover");
  NewMessage r = new_message(chat_, bob_, "noted");
  r.reply_to_id = original.id;
  r.quote = "plover";
  const Message quoting = append_one(r).message;
  NewMessage r2 = new_message(chat_, alice_, "and this one quotes the reply");
  r2.reply_to_id = quoting.id;
  r2.quote = "noted";
  const Message second = append_one(r2).message;

  must(store().delete_messages(chat_.id, {original.id, second.id}, alice_.id, kT0 + 1), "delete_messages");
  const Message after = must(store().message_by_id(quoting.id), "message_by_id");
  EXPECT_FALSE(after.quote.has_value()) << "a quote of a deleted message is its text";
  EXPECT_EQ(after.reply_to_id, original.id) << "the reply still says what it answered";
  EXPECT_EQ(after.content, "noted");
  const Message tomb = must(store().message_by_id(second.id), "message_by_id");
  EXPECT_FALSE(tomb.quote.has_value()) << "a deleted reply keeps no quote either";
  EXPECT_TRUE(tomb.content.empty());
}

TEST_P(StoreConformance, ThreadRepliesTakeTheChatsSeqAndSummariseOnTheirRoot) {
  add_cast();
  const Message root = send(chat_, alice_, "release plan");
  NewMessage first = new_message(chat_, bob_, "I take the notes", std::nullopt, kT0 + 10);
  first.thread_root_id = root.id;
  const Appended a = append_one(first);
  EXPECT_EQ(a.message.seq, 2);
  EXPECT_EQ(a.message.thread_root_id, root.id);
  EXPECT_FALSE(a.message.also_to_chat);
  EXPECT_FALSE(a.message.in_timeline());
  ASSERT_TRUE(a.thread_root.has_value());
  EXPECT_EQ(a.thread_root->id, root.id);
  EXPECT_EQ(a.thread_root->thread_count, 1);
  EXPECT_EQ(a.thread_root->thread_last_at, kT0 + 10);
  EXPECT_EQ(a.thread_root->thread_participants, std::vector<std::string>{bob_.id});
  EXPECT_EQ(a.thread_root->change_seq, 1) << "the change feed carries the new summary";

  NewMessage second = new_message(chat_, alice_, "and I ship it", std::nullopt, kT0 + 20);
  second.thread_root_id = root.id;
  second.also_to_chat = true;
  const Appended b = append_one(second);
  EXPECT_TRUE(b.message.also_to_chat);
  EXPECT_TRUE(b.message.in_timeline());
  ASSERT_TRUE(b.thread_root.has_value());
  EXPECT_EQ(b.thread_root->thread_count, 2);
  EXPECT_EQ(b.thread_root->thread_participants, (std::vector<std::string>{alice_.id, bob_.id}));
  const Message after = send(chat_, bob_, "unrelated", kT0 + 30);

  const Message stored_root = must(store().message_by_id(root.id), "message_by_id");
  expect_same_message(stored_root, *b.thread_root);
  EXPECT_EQ(stored_root.thread_last_at, kT0 + 20);
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat_by_id").last_seq, 4);

  // History is the chat's whole seq order; the timeline leaves out thread-only replies.
  EXPECT_EQ(ids_of(must(store().history(chat_.id, newest()), "history")),
            (std::vector<std::string>{root.id, a.message.id, b.message.id, after.id}));
  EXPECT_EQ(ids_of(must(store().history(chat_.id, timeline(50)), "history")),
            (std::vector<std::string>{root.id, b.message.id, after.id}));
  EXPECT_EQ(ids_of(must(store().history(chat_.id, timeline(2)), "history")),
            (std::vector<std::string>{b.message.id, after.id}));
  HistoryQuery older = timeline(10);
  older.before_id = b.message.id;
  EXPECT_EQ(ids_of(must(store().history(chat_.id, older), "history")), std::vector<std::string>{root.id});
  HistoryQuery caught_up = timeline(10);
  caught_up.after_seq = 1;
  EXPECT_EQ(ids_of(must(store().history(chat_.id, caught_up), "history")),
            (std::vector<std::string>{b.message.id, after.id}));

  // The thread, oldest first, in pages.
  ThreadQuery q;
  EXPECT_EQ(ids_of(must(store().thread_replies(root.id, q), "thread_replies")),
            (std::vector<std::string>{a.message.id, b.message.id}));
  q.limit = 1;
  EXPECT_EQ(ids_of(must(store().thread_replies(root.id, q), "thread_replies")), std::vector<std::string>{b.message.id});
  q.before_seq = b.message.seq;
  EXPECT_EQ(ids_of(must(store().thread_replies(root.id, q), "thread_replies")), std::vector<std::string>{a.message.id});
  ThreadQuery later;
  later.after_seq = a.message.seq;
  EXPECT_EQ(ids_of(must(store().thread_replies(root.id, later), "thread_replies")),
            std::vector<std::string>{b.message.id});
  EXPECT_TRUE(must(store().thread_replies(after.id, ThreadQuery{}), "thread_replies").empty());
  EXPECT_EQ(error_of(store().thread_replies(next_id(), ThreadQuery{})), Errc::kNotFound);

  // A device that was away learns the root's summary from the change feed.
  ChangeQuery changes;
  const auto feed = must(store().changes(chat_.id, changes), "changes");
  ASSERT_EQ(feed.messages.size(), 1U);
  EXPECT_EQ(feed.messages[0].id, root.id);
  EXPECT_EQ(feed.messages[0].thread_count, 2);
}

TEST_P(StoreConformance, AThreadNamesItsLatestFiveRepliersNewestFirst) {
  add_cast();
  const Message root = send(chat_, alice_, "who is in?");
  std::vector<User> people;
  for (int i = 0; i < 6; ++i) people.push_back(add_user("p" + std::to_string(i)));
  std::vector<NewMessage> batch;  // one append: the replies are stored together
  for (const auto& p : people) {
    NewMessage m = new_message(chat_, p, "me");
    m.thread_root_id = root.id;
    batch.push_back(std::move(m));
  }
  NewMessage again = new_message(chat_, people[1], "me again");
  again.thread_root_id = root.id;
  batch.push_back(std::move(again));
  const auto results = store().append_messages(batch);
  for (const auto& r : results) ASSERT_TRUE(r.ok());
  EXPECT_EQ(results.back()->thread_root->thread_count, 7);
  const Message stored = must(store().message_by_id(root.id), "message_by_id");
  EXPECT_EQ(stored.thread_count, 7);
  EXPECT_EQ(stored.thread_participants,
            (std::vector<std::string>{people[1].id, people[5].id, people[4].id, people[3].id, people[2].id}));
}

TEST_P(StoreConformance, ConcurrentRepliesToOneThreadAreAllCounted) {
  add_cast();
  const Message root = send(chat_, alice_, "go");
  constexpr int kWriters = 6;
  std::latch start(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      NewMessage m = new_message(chat_, i % 2 == 0 ? alice_ : bob_, "r" + std::to_string(i));
      m.thread_root_id = root.id;
      start.arrive_and_wait();
      must(store().append_messages({m}).at(0), "append");
    });
  }
  for (auto& t : threads) t.join();
  const Message stored = must(store().message_by_id(root.id), "message_by_id");
  EXPECT_EQ(stored.thread_count, kWriters);
  EXPECT_EQ(must(store().thread_replies(root.id, ThreadQuery{}), "thread_replies").size(),
            static_cast<std::size_t>(kWriters));
  EXPECT_EQ(stored.change_seq, kWriters);
}

TEST_P(StoreConformance, ThreadFollowersCountTheRepliesOfOthersTheyHaveNotRead) {
  add_cast();
  const auto unread_of = [&](const User& user, const Message& root) -> std::int64_t {
    for (const auto& t : must(store().followed_threads(followed_by(user)), "followed_threads")) {
      if (t.root.id == root.id) return t.unread;
    }
    return -1;  // not followed
  };
  const Message root = send(chat_, alice_, "root");
  EXPECT_EQ(unread_of(alice_, root), -1) << "no thread before its first reply";
  NewMessage r1 = new_message(chat_, bob_, "one", std::nullopt, kT0 + 1);
  r1.thread_root_id = root.id;
  const Message one = append_one(r1).message;
  EXPECT_EQ(unread_of(alice_, root), 1) << "the root's author follows it";
  EXPECT_EQ(unread_of(bob_, root), 0) << "a replier has read up to their reply";
  EXPECT_EQ(unread_of(carol_, root), -1);

  NewMessage r2 = new_message(chat_, bob_, "two", std::nullopt, kT0 + 2);
  r2.thread_root_id = root.id;
  const Message two = append_one(r2).message;
  EXPECT_EQ(unread_of(alice_, root), 2);
  EXPECT_EQ(must(store().read_thread(alice_.id, root.id, one.seq), "read_thread"), 1);
  EXPECT_EQ(must(store().read_thread(alice_.id, root.id, 0), "read_thread"), 1) << "never lowered";
  EXPECT_EQ(must(store().read_thread(carol_.id, root.id, two.seq), "read_thread"), 0) << "not a follower";
  EXPECT_EQ(unread_of(carol_, root), -1);

  // A deleted reply is not waiting to be read.
  must(store().delete_messages(chat_.id, {two.id}, bob_.id, kT0 + 3), "delete_messages");
  EXPECT_EQ(unread_of(alice_, root), 0);

  // Stopping: the thread leaves the list, and later replies of others do not bring it back.
  must(store().follow_thread(alice_.id, root.id, false, kT0 + 4), "follow_thread");
  EXPECT_EQ(unread_of(alice_, root), -1);
  NewMessage r3 = new_message(chat_, bob_, "three", std::nullopt, kT0 + 5);
  r3.thread_root_id = root.id;
  append_one(r3);
  EXPECT_EQ(unread_of(alice_, root), -1);
  must(store().follow_thread(alice_.id, root.id, true, kT0 + 6), "follow_thread");
  EXPECT_EQ(unread_of(alice_, root), 0) << "following again starts from the last reply";
  NewMessage r4 = new_message(chat_, bob_, "four", std::nullopt, kT0 + 7);
  r4.thread_root_id = root.id;
  append_one(r4);
  EXPECT_EQ(unread_of(alice_, root), 1);
  EXPECT_EQ(error_of(store().follow_thread(alice_.id, next_id(), true, kT0)), Errc::kNotFound);
}

TEST_P(StoreConformance, FollowedThreadsComeLatestReplyFirstInPagesOfTheChatsOfTheFollower) {
  add_cast();
  std::vector<Message> roots;
  for (int i = 0; i < 3; ++i) roots.push_back(send(chat_, alice_, "root " + std::to_string(i)));
  // Replies at times that order the threads 1, 0, 2 by their last reply.
  const std::vector<std::pair<int, TimeMs>> replies = {{0, kT0 + 10}, {2, kT0 + 5}, {1, kT0 + 20}};
  for (const auto& [i, at] : replies) {
    NewMessage m = new_message(chat_, bob_, "re", std::nullopt, at);
    m.thread_root_id = roots[static_cast<std::size_t>(i)].id;
    append_one(m);
  }
  FollowedQuery q = followed_by(bob_);
  q.limit = 2;
  const auto first = must(store().followed_threads(q), "followed_threads");
  ASSERT_EQ(first.size(), 2U);
  EXPECT_EQ(first[0].root.id, roots[1].id);
  EXPECT_EQ(first[1].root.id, roots[0].id);
  EXPECT_EQ(first[0].root.thread_count, 1);
  q.before_at = first[1].root.thread_last_at;
  q.before_root = first[1].root.id;
  const auto second = must(store().followed_threads(q), "followed_threads");
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0].root.id, roots[2].id);

  // Threads of a group the follower left are not theirs any more.
  const GroupEdited g = must(store().create_group(new_group({alice_, carol_}, "Team")), "create_group");
  NewMessage gm = new_message(g.chat, alice_, "group root");
  const Message groot = append_one(gm).message;
  NewMessage gr = new_message(g.chat, carol_, "group reply", std::nullopt, kT0 + 30);
  gr.thread_root_id = groot.id;
  append_one(gr);
  EXPECT_EQ(must(store().followed_threads(followed_by(carol_)), "followed_threads").size(), 1U);
  GroupEdit leave = edit_of(must(store().chat_by_id(g.chat.id), "chat_by_id"), kT0 + 40);
  leave.remove = {carol_.id};
  must(store().edit_group(leave), "edit_group");
  EXPECT_TRUE(must(store().followed_threads(followed_by(carol_)), "followed_threads").empty());
}

}  // namespace parley::store::conformance
