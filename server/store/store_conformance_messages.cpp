// The conformance suite, part 2: messages (seq, idempotence, batches, content) and history
// paging. Delivery statuses and pins: store_conformance_status.cpp.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <latch>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

HistoryQuery both(std::string before_id, std::int64_t after_seq, std::size_t limit) {
  HistoryQuery query = before(std::move(before_id), limit);
  query.after_seq = after_seq;
  return query;
}

// ---- Appending ----

TEST_P(StoreConformance, AppendAssignsSeqAndKeepsEveryField) {
  add_cast();
  NewMessage m = new_message(chat_, alice_, "hello", next_id(), kT0 + 7);
  m.forwarded_from_id = next_id();
  m.original_sender_id = carol_.id;
  const Appended appended = append_one(m);
  EXPECT_FALSE(appended.duplicate);
  EXPECT_EQ(appended.message.seq, 1);

  Message expected;
  expected.id = m.id;
  expected.chat_id = chat_.id;
  expected.sender_id = alice_.id;
  expected.content = "hello";
  expected.seq = 1;
  expected.created_at = kT0 + 7;
  expected.client_message_id = m.client_message_id;
  expected.status = Status::kSent;
  expected.forwarded_from_id = m.forwarded_from_id;
  expected.original_sender_id = carol_.id;
  expect_same_message(appended.message, expected);
  expect_same_message(must(store().message_by_id(m.id), "message_by_id"), expected);

  const Message second = send(chat_, bob_, "hi", kT0 + 8);
  EXPECT_EQ(second.seq, 2);
  EXPECT_FALSE(second.client_message_id.has_value());
  EXPECT_FALSE(second.forwarded_from_id.has_value());
  EXPECT_FALSE(second.original_sender_id.has_value());
  EXPECT_FALSE(must(store().message_by_id(second.id), "message_by_id").pinned_at.has_value());
  const Chat chat = must(store().chat_by_id(chat_.id), "chat_by_id");
  EXPECT_EQ(chat.last_seq, 2);
  EXPECT_EQ(chat.updated_at, kT0 + 8);
}

TEST_P(StoreConformance, UnknownMessagesAreNotFound) {
  add_cast();
  EXPECT_EQ(error_of(store().message_by_id(next_id())), Errc::kNotFound);
}

TEST_P(StoreConformance, ABatchOverSeveralChatsWithRetriesKeepsOrderSeqsAndStatusRows) {
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  const std::string retried = next_id();
  const Appended earlier = append_one(new_message(chat_, alice_, "stored before", retried));
  ASSERT_EQ(earlier.message.seq, 1);

  auto results = store().append_messages(
      {new_message(chat_, alice_, "a2", next_id(), kT0 + 1), new_message(other, carol_, "o1", std::nullopt, kT0 + 2),
       new_message(chat_, alice_, "retry", retried, kT0 + 3), new_message(chat_, bob_, "a3", std::nullopt, kT0 + 4),
       new_message(other, alice_, "o2", next_id(), kT0 + 5)});
  ASSERT_EQ(results.size(), 5U);
  for (const auto& r : results) ASSERT_TRUE(r.ok());
  EXPECT_EQ(results[0]->message.content, "a2");
  EXPECT_EQ(results[0]->message.seq, 2);
  EXPECT_EQ(results[1]->message.seq, 1);
  EXPECT_TRUE(results[2]->duplicate);  // the copy stored before, with its own id and seq
  EXPECT_EQ(results[2]->message.id, earlier.message.id);
  EXPECT_EQ(results[2]->message.content, "stored before");
  EXPECT_EQ(results[3]->message.seq, 3);
  EXPECT_EQ(results[4]->message.seq, 2);
  EXPECT_EQ(results[4]->message.original_sender_id, std::nullopt);
  for (std::size_t i : {0U, 1U, 3U, 4U}) {
    EXPECT_FALSE(results[i]->duplicate) << i;
    EXPECT_EQ(results[i]->message.status, Status::kSent) << i;
  }
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat").last_seq, 3);
  EXPECT_EQ(must(store().chat_by_id(other.id), "chat").last_seq, 2);
  EXPECT_EQ(seqs_of(must(store().history(other.id, {}), "history")), range(1, 2));

  // Each new message has a status row for each recipient: raising them reaches the aggregate.
  auto raised = must(store().raise_status(bob_.id, {results[0]->message.id}, Status::kDelivered, kT0 + 9), "raise");
  ASSERT_EQ(raised.size(), 1U);
  EXPECT_EQ(raised[0].aggregate, Status::kDelivered);
  raised = must(store().raise_status(alice_.id, {results[1]->message.id}, Status::kRead, kT0 + 9), "raise");
  ASSERT_EQ(raised.size(), 1U);
  EXPECT_EQ(raised[0].aggregate, Status::kRead);
  EXPECT_TRUE(must(store().raise_status(alice_.id, {results[4]->message.id}, Status::kRead, kT0 + 9), "raise").empty())
      << "the sender has no status row of their own message";
}

TEST_P(StoreConformance, RecipientsOnlineAtAppendStartDelivered) {
  add_cast();
  // Two recipients (the store takes the service's list; private chats have one).
  const User& dave = carol_;
  const auto to_both = [&](NewMessage m) {
    m.recipients = {bob_.id, dave.id};
    return m;
  };

  // One of two recipients online: bob's row is DELIVERED, the message stays SENT.
  NewMessage some = to_both(new_message(chat_, alice_, "some", std::nullopt, kT0 + 1));
  some.delivered_to = {bob_.id};
  const Appended a = append_one(some);
  EXPECT_EQ(a.message.status, Status::kSent);
  ASSERT_EQ(a.delivered.size(), 1U);
  EXPECT_EQ(a.delivered[0].user_id, bob_.id);
  EXPECT_EQ(a.delivered[0].message_id, a.message.id);
  EXPECT_EQ(a.delivered[0].sender_id, alice_.id);
  EXPECT_EQ(a.delivered[0].status, Status::kDelivered);
  EXPECT_EQ(a.delivered[0].aggregate, Status::kSent);
  EXPECT_EQ(a.delivered[0].at, kT0 + 1);
  EXPECT_TRUE(must(store().raise_status(bob_.id, {a.message.id}, Status::kDelivered, kT0 + 2), "raise").empty())
      << "bob's row was DELIVERED already";
  auto raised = must(store().raise_status(dave.id, {a.message.id}, Status::kDelivered, kT0 + 2), "raise");
  ASSERT_EQ(raised.size(), 1U);
  EXPECT_EQ(raised[0].aggregate, Status::kDelivered);

  // Every recipient online (and the sender named too, who has no row): DELIVERED at once, in
  // a batch as one by one; a retry reports no new change.
  const std::string retried = next_id();
  NewMessage all = to_both(new_message(chat_, alice_, "all", retried, kT0 + 3));
  all.delivered_to = {bob_.id, dave.id, alice_.id};
  NewMessage plain = new_message(chat_, bob_, "nobody online", std::nullopt, kT0 + 3);
  auto results = store().append_messages({all, plain});
  ASSERT_EQ(results.size(), 2U);
  ASSERT_TRUE(results[0].ok() && results[1].ok());
  EXPECT_EQ(results[0]->message.status, Status::kDelivered);
  EXPECT_EQ(results[0]->delivered.size(), 2U);
  for (const auto& c : results[0]->delivered) EXPECT_EQ(c.aggregate, Status::kDelivered);
  EXPECT_EQ(must(store().message_by_id(results[0]->message.id), "message").status, Status::kDelivered);
  EXPECT_EQ(results[1]->message.status, Status::kSent);
  EXPECT_TRUE(results[1]->delivered.empty());
  const Appended again = append_one(all);
  EXPECT_TRUE(again.duplicate);
  EXPECT_TRUE(again.delivered.empty());
  raised = must(store().raise_status(dave.id, {results[0]->message.id}, Status::kRead, kT0 + 4), "raise");
  ASSERT_EQ(raised.size(), 1U);
  EXPECT_EQ(raised[0].aggregate, Status::kDelivered);  // bob has not read it
}

TEST_P(StoreConformance, ABatchGivesOneResultPerMessageAndFailuresUndoOnlyThemselves) {
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  Chat ghost = chat_;
  ghost.id = next_id();
  const NewMessage first = new_message(chat_, alice_, "one");
  NewMessage same_id = new_message(other, alice_, "same id as the first");
  same_id.id = first.id;
  NewMessage unknown_sender = new_message(chat_, alice_, "from nobody");
  unknown_sender.sender_id = next_id();

  auto results = store().append_messages({first, new_message(ghost, alice_, "lost"), new_message(chat_, bob_, "two"),
                                          new_message(other, carol_, "other one"), same_id, unknown_sender,
                                          new_message(chat_, alice_, "three")});
  ASSERT_EQ(results.size(), 7U);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(error_of(results[1]), Errc::kNotFound);
  EXPECT_TRUE(results[2].ok());
  EXPECT_TRUE(results[3].ok());
  EXPECT_EQ(error_of(results[4]), Errc::kConflict);
  EXPECT_EQ(error_of(results[5]), Errc::kNotFound);
  EXPECT_TRUE(results[6].ok());
  EXPECT_EQ(results[0]->message.seq, 1);
  EXPECT_EQ(results[2]->message.seq, 2);
  EXPECT_EQ(results[3]->message.seq, 1);
  EXPECT_EQ(results[6]->message.seq, 3);  // no gap left by the failures

  auto history = must(store().history(chat_.id, {}), "history");
  EXPECT_EQ(seqs_of(history), range(1, 3));
  EXPECT_EQ(history[0].content, "one");
  EXPECT_EQ(history[2].content, "three");
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat").last_seq, 3);
  EXPECT_EQ(must(store().chat_by_id(other.id), "chat").last_seq, 1);
  EXPECT_EQ(must(store().message_by_id(first.id), "message").content, "one");
  EXPECT_TRUE(store().append_messages({}).empty());
}

TEST_P(StoreConformance, ConcurrentAppendsGetEverySeqOnce) {
  add_cast();
  const Chat other = add_chat(bob_, carol_);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  const std::vector<const Chat*> chats{&chat_, &other};
  std::mutex mutex;
  std::map<std::string, std::vector<std::int64_t>> seqs;  // by chat id; guarded by mutex
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        const Chat& chat = *chats[static_cast<std::size_t>((t + i) % 2)];
        const User& sender = t % 2 == 0 ? bob_ : (&chat == &chat_ ? alice_ : carol_);
        auto results =
            store().append_messages({new_message(chat, sender, std::to_string(t) + "/" + std::to_string(i))});
        if (results.size() != 1 || !results[0].ok()) {
          failures.fetch_add(1);
          continue;
        }
        std::lock_guard lock(mutex);
        seqs[chat.id].push_back(results[0]->message.seq);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  for (const Chat* chat : chats) {
    auto got = seqs[chat->id];
    std::sort(got.begin(), got.end());
    const auto n = static_cast<std::int64_t>(kThreads * kPerThread / 2);
    EXPECT_EQ(got, range(1, n)) << "chat " << chat->id;
    EXPECT_EQ(must(store().chat_by_id(chat->id), "chat").last_seq, n);
    // Stored history agrees: catch-up pages from seq 0 see 1..n in order.
    std::vector<std::int64_t> stored;
    for (std::int64_t last = 0;;) {
      auto page = must(store().history(chat->id, after(last, 200)), "history");
      if (page.empty()) break;
      for (const auto& m : page) stored.push_back(m.seq);
      last = page.back().seq;
    }
    EXPECT_EQ(stored, range(1, n));
  }
}

TEST_P(StoreConformance, RetryWithTheSameClientMessageIdReturnsTheStoredMessage) {
  add_cast();
  const std::string client_id = next_id();
  const Appended first = append_one(new_message(chat_, alice_, "once", client_id, kT0 + 1));
  EXPECT_FALSE(first.duplicate);

  // A retry, as after a lost acknowledgement: new server id, new time, same client id.
  const Appended retry = append_one(new_message(chat_, alice_, "once", client_id, kT0 + 2));
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.message.id, first.message.id);
  EXPECT_EQ(retry.message.seq, 1);
  EXPECT_EQ(retry.message.created_at, kT0 + 1);
  EXPECT_EQ(retry.message.client_message_id, client_id);

  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat").last_seq, 1);
  EXPECT_EQ(must(store().history(chat_.id, {}), "history").size(), 1U);
  EXPECT_EQ(send(chat_, alice_, "next").seq, 2);

  // In one batch, the second copy is a duplicate of the first.
  const std::string batch_id = next_id();
  auto results = store().append_messages(
      {new_message(chat_, bob_, "twice", batch_id), new_message(chat_, bob_, "twice", batch_id)});
  ASSERT_EQ(results.size(), 2U);
  ASSERT_TRUE(results[0].ok() && results[1].ok());
  EXPECT_FALSE(results[0]->duplicate);
  EXPECT_TRUE(results[1]->duplicate);
  EXPECT_EQ(results[1]->message.id, results[0]->message.id);
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat").last_seq, 3);
}

TEST_P(StoreConformance, ConcurrentRetriesStoreTheMessageOnce) {
  add_cast();
  constexpr int kThreads = 8;
  const std::string client_id = next_id();
  std::vector<std::optional<Appended>> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const NewMessage m = new_message(chat_, alice_, "racing", client_id);
      start.arrive_and_wait();
      auto r = store().append_messages({m});
      if (r.size() == 1 && r[0].ok()) results[static_cast<std::size_t>(t)] = std::move(r[0]).value();
    });
  }
  for (auto& thread : threads) thread.join();
  int originals = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value());
    if (!r->duplicate) ++originals;
    EXPECT_EQ(r->message.id, results[0]->message.id);
    EXPECT_EQ(r->message.seq, 1);
  }
  EXPECT_EQ(originals, 1);
  EXPECT_EQ(must(store().history(chat_.id, {}), "history").size(), 1U);
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat").last_seq, 1);
}

TEST_P(StoreConformance, ClientMessageIdsBelongToTheirSender) {
  add_cast();
  const std::string client_id = next_id();
  const Appended from_alice = append_one(new_message(chat_, alice_, "a", client_id));
  const Appended from_bob = append_one(new_message(chat_, bob_, "b", client_id));
  EXPECT_FALSE(from_bob.duplicate);
  EXPECT_NE(from_bob.message.id, from_alice.message.id);
  EXPECT_EQ(from_bob.message.seq, 2);
}

TEST_P(StoreConformance, ATakenMessageIdIsAConflictAndTakesNoSeq) {
  add_cast();
  const Message first = send(chat_, alice_, "first");
  NewMessage again = new_message(chat_, bob_, "same id");
  again.id = first.id;
  auto results = store().append_messages({again});
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(error_of(results[0]), Errc::kConflict);
  EXPECT_EQ(must(store().message_by_id(first.id), "message").content, "first");
  EXPECT_EQ(send(chat_, alice_, "second").seq, 2);
}

TEST_P(StoreConformance, ContentRoundTripsByteForByte) {
  add_cast();
  const std::vector<std::string> contents{
      "",
      "plain ascii",
      "caf\u00e9 na\u00efve \u00fcber",
      "\u4f60\u597d\uff0c\u4e16\u754c",                           // CJK
      "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",  // right to left
      "\U0001F600\U0001F680\U0001F9D1\u200D\U0001F4BB",           // 4-byte emoji, ZWJ sequence
      "e\u0301 a\u0308",                                          // combining marks
      "quotes ' \" ` and '); DROP TABLE messages; --",
      "line\nbreaks\r\nand\ttabs",
      std::string(20000, 'x') + "\u00e9",
  };
  std::vector<std::string> ids;
  for (const auto& content : contents) ids.push_back(send(chat_, alice_, content).id);
  for (std::size_t i = 0; i < contents.size(); ++i) {
    EXPECT_EQ(must(store().message_by_id(ids[i]), "message").content, contents[i]) << "content #" << i;
  }
  auto history = must(store().history(chat_.id, {}), "history");
  ASSERT_EQ(history.size(), contents.size());
  for (std::size_t i = 0; i < contents.size(); ++i) EXPECT_EQ(history[i].content, contents[i]);
}

// ---- History ----

TEST_P(StoreConformance, HistoryGivesTheNewestPageOldestFirst) {
  add_cast();
  fill(10);
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, newest(3)), "history")), range(8, 10));
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, newest(50)), "history")), range(1, 10));
  auto page = must(store().history(chat_.id, newest(2)), "history");
  ASSERT_EQ(page.size(), 2U);
  EXPECT_EQ(page[0].content, "m9");
  EXPECT_EQ(page[1].content, "m10");
  EXPECT_TRUE(must(store().history(chat_.id, newest(0)), "history").empty());
  const Chat empty = add_chat(bob_, carol_);
  EXPECT_TRUE(must(store().history(empty.id, {}), "history").empty());
}

TEST_P(StoreConformance, HistoryPagesBackwardsFromBeforeId) {
  add_cast();
  const auto stored = fill(10);
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, before(stored[7].id, 3)), "history")), range(5, 7));
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, before(stored[2].id, 5)), "history")), range(1, 2));
  EXPECT_TRUE(must(store().history(chat_.id, before(stored[0].id)), "history").empty());

  // Paging back from the newest page visits every message once.
  std::vector<std::int64_t> seen;
  auto page = must(store().history(chat_.id, newest(4)), "history");
  while (!page.empty()) {
    for (auto it = page.rbegin(); it != page.rend(); ++it) seen.push_back(it->seq);
    page = must(store().history(chat_.id, before(page.front().id, 4)), "history");
  }
  std::reverse(seen.begin(), seen.end());
  EXPECT_EQ(seen, range(1, 10));
}

TEST_P(StoreConformance, HistoryCatchesUpAfterSeq) {
  add_cast();
  const auto stored = fill(10);
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, after(0, 4)), "history")), range(1, 4));
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, after(7, 50)), "history")), range(8, 10));
  EXPECT_TRUE(must(store().history(chat_.id, after(10)), "history").empty());
  // after_seq wins over before_id.
  EXPECT_EQ(seqs_of(must(store().history(chat_.id, both(stored[1].id, 5, 2)), "history")), range(6, 7));
}

TEST_P(StoreConformance, HistoryRejectsAnUnknownOrForeignBeforeId) {
  add_cast();
  fill(3);
  const Chat other = add_chat(alice_, carol_);
  const Message elsewhere = send(other, carol_, "elsewhere");
  EXPECT_EQ(error_of(store().history(chat_.id, before(next_id()))), Errc::kNotFound);
  EXPECT_EQ(error_of(store().history(chat_.id, before(elsewhere.id))), Errc::kNotFound);
}

TEST_P(StoreConformance, HistoryLimitIsCapped) {
  add_cast();
  fill(static_cast<int>(kMaxHistoryLimit) + 5);
  auto latest = must(store().history(chat_.id, newest(100000)), "history");
  EXPECT_EQ(latest.size(), kMaxHistoryLimit);
  EXPECT_EQ(latest.back().seq, static_cast<std::int64_t>(kMaxHistoryLimit) + 5);
  auto caught_up = must(store().history(chat_.id, after(0, 100000)), "history");
  EXPECT_EQ(caught_up.size(), kMaxHistoryLimit);
  EXPECT_EQ(caught_up.front().seq, 1);
}

}  // namespace
}  // namespace parley::store::conformance
