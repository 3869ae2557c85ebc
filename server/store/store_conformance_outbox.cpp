// The conformance suite, part 3: the transactional outbox (docs/events.md). Every change writes
// its event in the same transaction, and only a change does: duplicates, no-ops and failures
// write none. Skipped for a backend whose Backend has no open_with_outbox().
#include "store/outbox_events.hpp"
#include "store/store_conformance.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <latch>
#include <map>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {
namespace json = boost::json;

constexpr std::size_t kAll = 100000;  // more than any test writes

#define PARLEY_REQUIRE_OUTBOX() \
  if (!reopen_with_outbox()) GTEST_SKIP() << GetParam().name << " has no outbox"

json::object payload_of(const OutboxEvent& e) { return json::parse(e.payload).as_object(); }

std::vector<std::string> types_of(const std::vector<OutboxEvent>& events) {
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  return types;
}

std::vector<std::int64_t> positions_of(const std::vector<OutboxEvent>& events) {
  std::vector<std::int64_t> positions;
  for (const auto& e : events) positions.push_back(e.position);
  return positions;
}

// What every event row promises: an id, its payload agreeing with its row, increasing positions.
void expect_well_formed(const std::vector<OutboxEvent>& events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    EXPECT_FALSE(e.id.empty());
    const auto p = payload_of(e);
    EXPECT_EQ(p.at("id").as_string(), e.id);
    EXPECT_EQ(p.at("type").as_string(), e.type);
    EXPECT_EQ(p.at("at").as_int64(), e.at);
    const auto* key = p.if_contains(e.type.starts_with("presence.") ? "userId" : "chatId");
    ASSERT_NE(key, nullptr) << e.payload;
    EXPECT_EQ(key->as_string(), e.key);
    if (i > 0) {
      EXPECT_LT(events[i - 1].position, e.position);
    }
  }
}

class Outbox {
 public:
  explicit Outbox(Store& store) : store_(store) {}
  std::vector<OutboxEvent> pending() const { return must(store_.outbox_pending(kAll), "outbox_pending"); }
  // Removes everything pending, so that a test sees only the events of what follows.
  void drain() const { must(store_.outbox_remove(positions_of(pending())), "outbox_remove"); }

 private:
  Store& store_;
};

TEST_P(StoreConformance, OutboxRecordsEachKindOfChange) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  {
    const auto events = outbox.pending();
    ASSERT_EQ(types_of(events), std::vector<std::string>{"chat.created"});
    const auto p = payload_of(events[0]);
    EXPECT_EQ(events[0].key, chat_.id);
    EXPECT_EQ(events[0].at, kT0);
    EXPECT_EQ(p.at("participants").as_array(), (json::array{alice_.id, bob_.id}));
    outbox.drain();
  }
  const Message m = append_one(new_message(chat_, alice_, "hello", next_id(), kT0 + 1)).message;
  must(store().raise_status(bob_.id, {m.id}, Status::kDelivered, kT0 + 2), "raise_status");
  must(store().pin(m.id, bob_.id, kT0 + 3, 10), "pin");
  must(store().unpin(m.id), "unpin");
  must(store().record_event(outbox::presence_changed(carol_.id, false, kT0 + 4, kT0 + 4)), "record_event");

  const auto events = outbox.pending();
  expect_well_formed(events);
  ASSERT_EQ(types_of(events), (std::vector<std::string>{"message.created", "message.status", "message.pinned",
                                                        "message.unpinned", "presence.offline"}));
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(events[i].key, chat_.id) << events[i].type;
  EXPECT_EQ(events[4].key, carol_.id);

  const auto created = payload_of(events[0]);
  EXPECT_EQ(events[0].at, kT0 + 1);
  EXPECT_EQ(created.at("messageId").as_string(), m.id);
  EXPECT_EQ(created.at("seq").as_int64(), m.seq);
  EXPECT_EQ(created.at("message").at("content").as_string(), "hello");
  EXPECT_EQ(created.at("message").at("senderId").as_string(), alice_.id);

  const auto status = payload_of(events[1]);
  EXPECT_EQ(events[1].at, kT0 + 2);
  EXPECT_EQ(status.at("messageId").as_string(), m.id);
  EXPECT_EQ(status.at("userId").as_string(), bob_.id);
  EXPECT_EQ(status.at("senderId").as_string(), alice_.id);
  EXPECT_EQ(status.at("status").as_string(), "DELIVERED");
  EXPECT_EQ(status.at("aggregate").as_string(), "DELIVERED");

  EXPECT_EQ(events[2].at, kT0 + 3);
  EXPECT_EQ(payload_of(events[2]).at("pinnedBy").as_string(), bob_.id);
  EXPECT_EQ(payload_of(events[3]).at("messageId").as_string(), m.id);
  EXPECT_EQ(payload_of(events[4]).at("lastSeen").as_int64(), kT0 + 4);
}

TEST_P(StoreConformance, OutboxRecordsTheStatusesAMessageIsStoredWith) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  outbox.drain();
  NewMessage m = new_message(chat_, alice_, "to someone online", next_id(), kT0 + 1);
  m.delivered_to = {bob_.id};
  const Appended a = append_one(m);
  const auto events = outbox.pending();
  expect_well_formed(events);
  ASSERT_EQ(types_of(events), (std::vector<std::string>{"message.created", "message.status"}));
  const auto status = payload_of(events[1]);
  EXPECT_EQ(status.at("messageId").as_string(), a.message.id);
  EXPECT_EQ(status.at("userId").as_string(), bob_.id);
  EXPECT_EQ(status.at("status").as_string(), "DELIVERED");
  EXPECT_EQ(events[1].at, kT0 + 1);
}

TEST_P(StoreConformance, OutboxRecordsForwardsAndEveryStatusChangeOfARaiseUpTo) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  const auto stored = fill(3);
  NewMessage forward = new_message(chat_, bob_, "m1", "forward-1", kT0 + 10);
  forward.forwarded_from_id = stored[0].id;
  forward.original_sender_id = alice_.id;
  append_one(forward);
  outbox.drain();

  const auto changes = must(store().raise_status_up_to(bob_.id, chat_.id, 2, Status::kRead, kT0 + 20), "raise");
  ASSERT_EQ(changes.size(), 2U);
  auto events = outbox.pending();
  ASSERT_EQ(types_of(events), (std::vector<std::string>(2, "message.status")));
  EXPECT_EQ(payload_of(events[0]).at("messageId").as_string(), stored[0].id);
  EXPECT_EQ(payload_of(events[1]).at("messageId").as_string(), stored[1].id);
  EXPECT_EQ(payload_of(events[1]).at("aggregate").as_string(), "READ");
  outbox.drain();

  const Message again = append_one(forward).message;  // a duplicate: the earlier event stands
  EXPECT_TRUE(outbox.pending().empty());
  NewMessage second = forward;
  second.id = next_id();
  second.client_message_id = "forward-2";
  append_one(second);
  events = outbox.pending();
  ASSERT_EQ(types_of(events), std::vector<std::string>{"message.created"});
  const auto message = payload_of(events[0]).at("message").as_object();
  EXPECT_TRUE(message.at("isForwarded").as_bool());
  EXPECT_EQ(message.at("forwardedFromId").as_string(), stored[0].id);
  EXPECT_EQ(message.at("originalSenderId").as_string(), alice_.id);
  EXPECT_EQ(message.at("seq").as_int64(), again.seq + 1);
}

TEST_P(StoreConformance, OutboxStaysEmptyWhenNothingChanges) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  const auto first = append_one(new_message(chat_, alice_, "once", "client-1"));
  must(store().raise_status(bob_.id, {first.message.id}, Status::kRead, kT0 + 1), "raise");
  must(store().pin(first.message.id, bob_.id, kT0 + 2, 10), "pin");
  outbox.drain();

  add_chat(bob_, alice_);  // found, not created
  const auto retry = append_one(new_message(chat_, alice_, "once", "client-1"));
  EXPECT_TRUE(retry.duplicate);
  EXPECT_TRUE(must(store().raise_status(bob_.id, {first.message.id}, Status::kDelivered, kT0 + 3), "raise").empty());
  EXPECT_TRUE(must(store().raise_status(alice_.id, {first.message.id}, Status::kRead, kT0 + 3), "raise").empty());
  must(store().pin(first.message.id, alice_.id, kT0 + 4, 10), "pin again");
  EXPECT_TRUE(outbox.pending().empty());

  must(store().unpin(first.message.id), "unpin");
  outbox.drain();
  must(store().unpin(first.message.id), "unpin again");
  EXPECT_TRUE(outbox.pending().empty());
}

TEST_P(StoreConformance, OutboxHasNoEventOfAFailedOperation) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  const auto stored = fill(2);
  must(store().pin(stored[0].id, bob_.id, kT0, 1), "pin");
  outbox.drain();

  EXPECT_EQ(error_of(store().pin(stored[1].id, bob_.id, kT0, 1)), Errc::kLimit);
  EXPECT_EQ(error_of(store().raise_status_up_to(bob_.id, next_id(), 10, Status::kRead, kT0)), Errc::kNotFound);
  Chat missing = chat_;
  missing.id = next_id();
  NewMessage taken = new_message(chat_, alice_, "taken id");
  taken.id = stored[0].id;
  auto results = store().append_messages(
      {new_message(missing, alice_, "no such chat"), taken, new_message(chat_, bob_, "fine", {}, kT0 + 5)});
  ASSERT_EQ(results.size(), 3U);
  EXPECT_FALSE(results[0].ok());
  EXPECT_EQ(error_of(results[1]), Errc::kConflict);
  ASSERT_TRUE(results[2].ok());

  const auto events = outbox.pending();
  ASSERT_EQ(types_of(events), std::vector<std::string>{"message.created"});
  EXPECT_EQ(payload_of(events[0]).at("messageId").as_string(), results[2]->message.id);
  EXPECT_EQ(payload_of(events[0]).at("seq").as_int64(), 3);
}

TEST_P(StoreConformance, OutboxOrderPerChatFollowsSeqUnderConcurrentWriters) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  outbox.drain();
  constexpr int kThreads = 6;
  constexpr int kPerThread = 25;
  std::latch start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      const Chat& chat = t % 2 == 0 ? chat_ : other;
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        auto m = new_message(chat, alice_, "t" + std::to_string(t));
        auto r = store().append_messages({m});
        const bool raised = !r[0].ok() || i % 5 != 0 ||
                            store().raise_status(chat.participants[1], {m.id}, Status::kDelivered, kT0).ok();
        if (!r[0].ok() || !raised) failures.fetch_add(1);
      }
    });
  }
  for (auto& w : writers) w.join();
  ASSERT_EQ(failures.load(), 0);

  const auto events = outbox.pending();
  expect_well_formed(events);
  std::map<std::string, std::vector<std::int64_t>> seqs;  // per chat, in outbox order
  std::size_t statuses = 0;
  for (const auto& e : events) {
    if (e.type == "message.status") {
      ++statuses;
      continue;
    }
    ASSERT_EQ(e.type, "message.created");
    seqs[e.key].push_back(payload_of(e).at("seq").as_int64());
  }
  EXPECT_EQ(statuses, static_cast<std::size_t>(kThreads * kPerThread / 5));
  for (const Chat* chat : std::array<const Chat*, 2>{&chat_, &other}) {
    const auto& got = seqs[chat->id];
    ASSERT_EQ(got.size(), static_cast<std::size_t>(kThreads / 2 * kPerThread));
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], static_cast<std::int64_t>(i + 1));
  }
}

TEST_P(StoreConformance, OutboxRemoveRemovesExactlyTheGivenPositions) {
  PARLEY_REQUIRE_OUTBOX();
  Outbox outbox(store());
  add_cast();
  outbox.drain();
  fill(10);
  const auto before = outbox.pending();
  ASSERT_EQ(before.size(), 10U);
  const auto oldest = must(store().outbox_pending(4), "outbox_pending");
  const auto all = positions_of(before);
  EXPECT_EQ(positions_of(oldest), std::vector<std::int64_t>(all.begin(), all.begin() + 4));

  const std::vector<std::int64_t> removed{before[1].position, before[4].position, before[9].position,
                                          before[9].position + 1000};  // the last one is unknown
  must(store().outbox_remove(removed), "outbox_remove");
  must(store().outbox_remove({}), "outbox_remove nothing");
  std::vector<std::int64_t> expected;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (i != 1 && i != 4 && i != 9) expected.push_back(before[i].position);
  }
  EXPECT_EQ(positions_of(outbox.pending()), expected);

  fill(1);  // a later event gets a later position than any seen, even a removed one
  const auto after = outbox.pending();
  EXPECT_GT(after.back().position, before.back().position);
}

TEST_P(StoreConformance, OutboxPendingSurvivesReopening) {
  PARLEY_REQUIRE_OUTBOX();
  add_cast();
  fill(3);
  const auto before = Outbox(store()).pending();
  ASSERT_EQ(before.size(), 4U);
  must(store().outbox_remove({before[0].position}), "outbox_remove");
  ASSERT_TRUE(reopen_with_outbox());
  const auto after = Outbox(store()).pending();
  ASSERT_EQ(after.size(), 3U);
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].position, before[i + 1].position);
    EXPECT_EQ(after[i].id, before[i + 1].id);
    EXPECT_EQ(after[i].payload, before[i + 1].payload);
  }
}

}  // namespace
}  // namespace parley::store::conformance
