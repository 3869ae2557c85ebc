// The conformance suite, part 3: delivery statuses (they only rise, per recipient, the
// message's is the lowest) and pins (in pin order, up to the limit per chat).
#include "store/store_conformance.hpp"

#include <vector>

namespace parley::store::conformance {
namespace {

// ---- Delivery status ----

TEST_P(StoreConformance, StatusOnlyRises) {
  add_cast();
  const Message m = send(chat_, alice_, "hello");
  auto delivered = must(store().raise_status(bob_.id, {m.id}, Status::kDelivered, kT0 + 1), "delivered");
  ASSERT_EQ(delivered.size(), 1U);
  EXPECT_EQ(delivered[0].message_id, m.id);
  EXPECT_EQ(delivered[0].chat_id, chat_.id);
  EXPECT_EQ(delivered[0].sender_id, alice_.id);
  EXPECT_EQ(delivered[0].user_id, bob_.id);
  EXPECT_EQ(delivered[0].status, Status::kDelivered);
  EXPECT_EQ(delivered[0].at, kT0 + 1);
  EXPECT_EQ(delivered[0].aggregate, Status::kDelivered);
  EXPECT_EQ(must(store().message_by_id(m.id), "message").status, Status::kDelivered);

  EXPECT_TRUE(must(store().raise_status(bob_.id, {m.id}, Status::kDelivered, kT0 + 2), "again").empty());
  EXPECT_TRUE(must(store().raise_status(bob_.id, {m.id}, Status::kSent, kT0 + 3), "lower").empty());

  auto read = must(store().raise_status(bob_.id, {m.id}, Status::kRead, kT0 + 4), "read");
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].status, Status::kRead);
  EXPECT_EQ(read[0].aggregate, Status::kRead);
  EXPECT_TRUE(must(store().raise_status(bob_.id, {m.id}, Status::kDelivered, kT0 + 5), "lower").empty());
  EXPECT_EQ(must(store().message_by_id(m.id), "message").status, Status::kRead);

  // Straight from SENT to READ works too.
  const Message n = send(chat_, alice_, "again");
  auto direct = must(store().raise_status(bob_.id, {n.id}, Status::kRead, kT0 + 6), "read");
  ASSERT_EQ(direct.size(), 1U);
  EXPECT_EQ(direct[0].aggregate, Status::kRead);
}

TEST_P(StoreConformance, StatusIsTheLowestOverRecipients) {
  add_cast();
  // The store keeps the recipients it is given; here two of them.
  NewMessage m = new_message(chat_, alice_, "to two");
  m.recipients = {bob_.id, carol_.id};
  const Message stored = append_one(m).message;

  auto bob_read = must(store().raise_status(bob_.id, {stored.id}, Status::kRead, kT0 + 1), "bob read");
  ASSERT_EQ(bob_read.size(), 1U);
  EXPECT_EQ(bob_read[0].status, Status::kRead);
  EXPECT_EQ(bob_read[0].aggregate, Status::kSent);  // carol has not got it yet
  EXPECT_EQ(must(store().message_by_id(stored.id), "message").status, Status::kSent);

  auto carol_delivered = must(store().raise_status(carol_.id, {stored.id}, Status::kDelivered, kT0 + 2), "carol");
  ASSERT_EQ(carol_delivered.size(), 1U);
  EXPECT_EQ(carol_delivered[0].aggregate, Status::kDelivered);

  auto carol_read = must(store().raise_status(carol_.id, {stored.id}, Status::kRead, kT0 + 3), "carol read");
  ASSERT_EQ(carol_read.size(), 1U);
  EXPECT_EQ(carol_read[0].aggregate, Status::kRead);
  EXPECT_EQ(must(store().message_by_id(stored.id), "message").status, Status::kRead);
}

TEST_P(StoreConformance, StatusIsNotRaisedForNonRecipients) {
  add_cast();
  const Message m = send(chat_, alice_, "hello");
  EXPECT_TRUE(must(store().raise_status(alice_.id, {m.id}, Status::kRead, kT0), "sender").empty());
  EXPECT_TRUE(must(store().raise_status(carol_.id, {m.id}, Status::kRead, kT0), "stranger").empty());
  EXPECT_TRUE(must(store().raise_status(bob_.id, {next_id()}, Status::kRead, kT0), "unknown id").empty());
  EXPECT_TRUE(must(store().raise_status(bob_.id, {}, Status::kRead, kT0), "no ids").empty());
  EXPECT_EQ(must(store().message_by_id(m.id), "message").status, Status::kSent);

  // A message without recipients stays SENT.
  NewMessage lonely = new_message(chat_, alice_, "to nobody");
  lonely.recipients.clear();
  const Message stored = append_one(lonely).message;
  EXPECT_TRUE(must(store().raise_status(bob_.id, {stored.id}, Status::kRead, kT0), "not a recipient").empty());
  EXPECT_EQ(must(store().message_by_id(stored.id), "message").status, Status::kSent);

  // Mixed ids: only the actual changes come back, in the order asked.
  const Message second = send(chat_, alice_, "second");
  auto changes =
      must(store().raise_status(bob_.id, {second.id, next_id(), stored.id, m.id, second.id}, Status::kDelivered, kT0),
           "mixed");
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[0].message_id, second.id);
  EXPECT_EQ(changes[1].message_id, m.id);
}

TEST_P(StoreConformance, RaiseUpToCoversEveryEarlierMessageOfTheChat) {
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  const Message elsewhere = send(other, alice_, "other chat");  // carol's; must stay as is
  std::vector<Message> sent;
  for (int i = 1; i <= 3; ++i) sent.push_back(send(chat_, alice_, "a" + std::to_string(i)));
  sent.push_back(send(chat_, bob_, "from bob"));  // seq 4: bob is its sender
  for (int i = 5; i <= 6; ++i) sent.push_back(send(chat_, alice_, "a" + std::to_string(i)));

  auto read = must(store().raise_status_up_to(bob_.id, chat_.id, 5, Status::kRead, kT0 + 1), "up to 5");
  ASSERT_EQ(read.size(), 4U);
  const std::vector<std::string> expected{sent[0].id, sent[1].id, sent[2].id, sent[4].id};
  for (std::size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].message_id, expected[i]);
    EXPECT_EQ(read[i].user_id, bob_.id);
    EXPECT_EQ(read[i].sender_id, alice_.id);
    EXPECT_EQ(read[i].chat_id, chat_.id);
    EXPECT_EQ(read[i].status, Status::kRead);
    EXPECT_EQ(read[i].aggregate, Status::kRead);
    EXPECT_EQ(read[i].at, kT0 + 1);
  }
  EXPECT_EQ(must(store().message_by_id(sent[5].id), "sixth").status, Status::kSent);
  EXPECT_EQ(must(store().message_by_id(sent[3].id), "bob's").status, Status::kSent);

  // Lower targets change nothing already above them.
  auto delivered = must(store().raise_status_up_to(bob_.id, chat_.id, 100, Status::kDelivered, kT0 + 2), "all");
  ASSERT_EQ(delivered.size(), 1U);
  EXPECT_EQ(delivered[0].message_id, sent[5].id);
  EXPECT_EQ(delivered[0].aggregate, Status::kDelivered);

  // Alice is the recipient of bob's message only.
  auto alice_read = must(store().raise_status_up_to(alice_.id, chat_.id, 6, Status::kRead, kT0 + 3), "alice");
  ASSERT_EQ(alice_read.size(), 1U);
  EXPECT_EQ(alice_read[0].message_id, sent[3].id);
  EXPECT_EQ(alice_read[0].sender_id, bob_.id);

  EXPECT_TRUE(must(store().raise_status_up_to(bob_.id, chat_.id, 0, Status::kRead, kT0), "up to 0").empty());
  EXPECT_EQ(must(store().message_by_id(elsewhere.id), "elsewhere").status, Status::kSent);
}

// ---- Pins ----

TEST_P(StoreConformance, PinsUpToTheLimitInPinOrder) {
  add_cast();
  const auto m = fill(4);
  constexpr std::size_t kMax = 3;
  auto pinned = must(store().pin(m[2].id, bob_.id, kT0 + 10, kMax), "pin 3");
  EXPECT_EQ(pinned.pinned_at, kT0 + 10);
  EXPECT_EQ(pinned.pinned_by, bob_.id);
  EXPECT_EQ(pinned.id, m[2].id);
  EXPECT_EQ(pinned.seq, 3);
  must(store().pin(m[0].id, alice_.id, kT0 + 11, kMax), "pin 1");
  must(store().pin(m[1].id, alice_.id, kT0 + 12, kMax), "pin 2");
  EXPECT_EQ(error_of(store().pin(m[3].id, alice_.id, kT0 + 13, kMax)), Errc::kLimit);

  // Pinning a pinned message returns it as it is, even at the limit.
  auto again = must(store().pin(m[0].id, bob_.id, kT0 + 14, kMax), "pin 1 again");
  EXPECT_EQ(again.pinned_at, kT0 + 11);
  EXPECT_EQ(again.pinned_by, alice_.id);

  auto list = must(store().pinned(chat_.id), "pinned");
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].id, m[2].id);
  EXPECT_EQ(list[1].id, m[0].id);
  EXPECT_EQ(list[2].id, m[1].id);
  EXPECT_EQ(list[0].pinned_by, bob_.id);

  auto unpinned = must(store().unpin(m[0].id), "unpin 1");
  EXPECT_FALSE(unpinned.pinned_at.has_value());
  EXPECT_FALSE(unpinned.pinned_by.has_value());
  EXPECT_EQ(unpinned.content, "m1");
  auto unpinned_again = must(store().unpin(m[0].id), "unpin 1 again");
  EXPECT_FALSE(unpinned_again.pinned_at.has_value());

  must(store().pin(m[3].id, bob_.id, kT0 + 15, kMax), "pin 4");
  auto after = must(store().pinned(chat_.id), "pinned");
  ASSERT_EQ(after.size(), 3U);
  EXPECT_EQ(after[0].id, m[2].id);
  EXPECT_EQ(after[1].id, m[1].id);
  EXPECT_EQ(after[2].id, m[3].id);
  EXPECT_EQ(must(store().message_by_id(m[3].id), "message").pinned_at, kT0 + 15);
  EXPECT_FALSE(must(store().message_by_id(m[0].id), "message").pinned_at.has_value());
}

TEST_P(StoreConformance, PinLimitIsPerChat) {
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  const Message here = send(chat_, alice_, "here");
  const Message there = send(other, carol_, "there");
  must(store().pin(here.id, alice_.id, kT0, 1), "pin here");
  must(store().pin(there.id, carol_.id, kT0, 1), "pin there");
  EXPECT_EQ(must(store().pinned(other.id), "pinned").size(), 1U);
  EXPECT_EQ(error_of(store().pin(send(chat_, bob_, "more").id, bob_.id, kT0, 1)), Errc::kLimit);
  EXPECT_TRUE(must(store().pinned(add_chat(bob_, carol_).id), "none pinned").empty());
}

TEST_P(StoreConformance, PinningUnknownMessagesIsNotFound) {
  add_cast();
  EXPECT_EQ(error_of(store().pin(next_id(), alice_.id, kT0, 5)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().unpin(next_id())), Errc::kNotFound);
}

}  // namespace
}  // namespace parley::store::conformance
