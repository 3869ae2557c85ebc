// The conformance suite, part 10: messages after they are sent (store/lifecycle.hpp): edits
// and their history, deletion for everyone and for oneself, and the change feed.
#include "store/store_conformance.hpp"

#include <boost/json/parse.hpp>

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

}  // namespace

TEST_P(StoreConformance, AnEditReplacesTheTextKeepsItsHistoryAndRaisesTheChangeSeq) {
  add_cast();
  const Message m = send(chat_, alice_, "first");
  const Message other = send(chat_, alice_, "untouched");
  const Message once = must(store().edit_message(m.id, "second", kT0 + 1), "edit_message");
  EXPECT_EQ(once.content, "second");
  EXPECT_EQ(once.edited_at, kT0 + 1);
  EXPECT_EQ(once.edit_count, 1);
  EXPECT_EQ(once.change_seq, 1);
  EXPECT_EQ(once.seq, m.seq);
  EXPECT_EQ(once.created_at, m.created_at);
  const Message twice = must(store().edit_message(m.id, "third ✓", kT0 + 2), "edit_message");
  EXPECT_EQ(twice.edit_count, 2);
  EXPECT_EQ(twice.change_seq, 2);

  expect_same_message(must(store().message_by_id(m.id), "message_by_id"), twice);
  const auto page = must(store().history(chat_.id, newest()), "history");
  ASSERT_EQ(page.size(), 2U);
  expect_same_message(page[0], twice);
  EXPECT_EQ(page[1].change_seq, 0);
  EXPECT_FALSE(page[1].edited_at.has_value());
  const Chat chat = must(store().chat_by_id(chat_.id), "chat_by_id");
  EXPECT_EQ(chat.change_seq, 2);
  EXPECT_EQ(chat.last_seq, 2);  // an edit takes no seq

  const auto versions = must(store().message_versions(m.id), "message_versions");
  EXPECT_EQ(versions, (std::vector<TextVersion>{{"first", kT0}, {"second", kT0 + 1}, {"third ✓", kT0 + 2}}));
  EXPECT_EQ(must(store().message_versions(other.id), "message_versions"),
            (std::vector<TextVersion>{{"untouched", kT0}}));
  EXPECT_EQ(error_of(store().message_versions(next_id())), Errc::kNotFound);
}

TEST_P(StoreConformance, OnlyTextMessagesThatExistAndLiveCanBeEdited) {
  add_cast();
  EXPECT_EQ(error_of(store().edit_message(next_id(), "x", kT0)), Errc::kNotFound);
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  EXPECT_EQ(error_of(store().edit_message(g.system[0].id, "x", kT0 + 1)), Errc::kInvalid);
  const Message m = send(chat_, alice_, "soon gone");
  must(store().delete_messages(chat_.id, {m.id}, alice_.id, kT0 + 1), "delete_messages");
  EXPECT_EQ(error_of(store().edit_message(m.id, "back?", kT0 + 2)), Errc::kInvalid);
}

TEST_P(StoreConformance, ConcurrentEditsOfOneMessageAllKeepTheirText) {
  add_cast();
  const Message m = send(chat_, alice_, "v0");
  constexpr int kEditors = 6;
  std::latch start(kEditors);
  std::vector<std::thread> threads;
  for (int i = 0; i < kEditors; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      must(store().edit_message(m.id, "v" + std::to_string(i + 1), kT0 + 1 + i), "edit_message");
    });
  }
  for (auto& t : threads) t.join();
  const Message after = must(store().message_by_id(m.id), "message_by_id");
  EXPECT_EQ(after.edit_count, kEditors);
  EXPECT_EQ(after.change_seq, kEditors);
  const auto versions = must(store().message_versions(m.id), "message_versions");
  ASSERT_EQ(versions.size(), static_cast<std::size_t>(kEditors + 1));
  EXPECT_EQ(versions.front().content, "v0");
  EXPECT_EQ(versions.back().content, after.content);
}

TEST_P(StoreConformance, DeletionLeavesATombstoneWithoutTextHistoryOrPin) {
  add_cast();
  const Message a = send(chat_, alice_, "secret words", kT0);
  const Message b = send(chat_, bob_, "more secrets", kT0);
  must(store().edit_message(a.id, "edited secret", kT0 + 1), "edit_message");
  must(store().pin(b.id, alice_.id, kT0 + 1, 10), "pin");
  const auto deleted = must(store().delete_messages(chat_.id, {a.id, b.id}, alice_.id, kT0 + 2), "delete");
  ASSERT_EQ(ids_of(deleted), (std::vector<std::string>{a.id, b.id}));
  for (const auto& d : deleted) {
    EXPECT_EQ(d.content, "");
    EXPECT_EQ(d.deleted_at, kT0 + 2);
    EXPECT_EQ(d.deleted_by, alice_.id);
    EXPECT_FALSE(d.pinned_at.has_value());
    EXPECT_FALSE(d.pinned_by.has_value());
  }
  EXPECT_EQ(deleted[0].seq, a.seq);
  EXPECT_EQ(deleted[1].change_seq, 4);  // edit 1, pin 2, deletions 3 and 4
  EXPECT_TRUE(must(store().message_versions(a.id), "message_versions").empty());
  EXPECT_TRUE(must(store().pinned(chat_.id), "pinned").empty());
  const auto page = must(store().history(chat_.id, newest()), "history");
  ASSERT_EQ(page.size(), 2U);
  expect_same_message(page[0], deleted[0]);
  expect_same_message(page[1], deleted[1]);

  // Deleting again changes nothing and returns the tombstones as they are.
  const auto again = must(store().delete_messages(chat_.id, {a.id}, bob_.id, kT0 + 3), "delete");
  ASSERT_EQ(again.size(), 1U);
  expect_same_message(again[0], deleted[0]);
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat_by_id").change_seq, 4);
  EXPECT_EQ(error_of(store().pin(a.id, alice_.id, kT0 + 4, 10)), Errc::kInvalid);
}

TEST_P(StoreConformance, DeletingIsAllOrNone) {
  add_cast();
  const Chat other = add_chat(alice_, carol_);
  const Message mine = send(chat_, alice_, "keep me");
  const Message elsewhere = send(other, alice_, "not this chat");
  EXPECT_EQ(error_of(store().delete_messages(chat_.id, {mine.id, elsewhere.id}, alice_.id, kT0 + 1)), Errc::kInvalid);
  EXPECT_EQ(error_of(store().delete_messages(chat_.id, {mine.id, next_id()}, alice_.id, kT0 + 1)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().hide_messages(chat_.id, bob_.id, {mine.id, elsewhere.id}, kT0 + 1)), Errc::kInvalid);
  EXPECT_EQ(must(store().message_by_id(mine.id), "message_by_id").content, "keep me");
  EXPECT_EQ(must(store().chat_by_id(chat_.id), "chat_by_id").change_seq, 0);
  EXPECT_TRUE(must(store().hidden_between(chat_.id, bob_.id, 0, 100), "hidden_between").empty());
}

TEST_P(StoreConformance, HidingIsForOneUserOnly) {
  add_cast();
  const auto messages = fill(5);
  // One change per message hidden (a page of the feed never splits one change).
  EXPECT_EQ(must(store().hide_messages(chat_.id, bob_.id, {messages[1].id, messages[3].id}, kT0 + 10), "hide"), 2);
  EXPECT_EQ(must(store().hide_messages(chat_.id, bob_.id, {messages[1].id}, kT0 + 11), "hide"), 2);  // no change
  EXPECT_EQ(must(store().hidden_between(chat_.id, bob_.id, 1, 5), "hidden_between"),
            (std::vector<std::string>{messages[1].id, messages[3].id}));
  EXPECT_EQ(must(store().hidden_between(chat_.id, bob_.id, 3, 5), "hidden_between"),
            (std::vector<std::string>{messages[3].id}));
  EXPECT_TRUE(must(store().hidden_between(chat_.id, alice_.id, 1, 5), "hidden_between").empty());
  EXPECT_EQ(must(store().message_by_id(messages[1].id), "message_by_id").content, "m2");  // nobody else affected
}

TEST_P(StoreConformance, TheChangeFeedListsWhatChangedInOrder) {
  add_cast();
  const auto messages = fill(4);
  must(store().edit_message(messages[0].id, "m1 edited", kT0 + 10), "edit");                 // 1
  must(store().pin(messages[1].id, bob_.id, kT0 + 11, 10), "pin");                           // 2
  must(store().hide_messages(chat_.id, bob_.id, {messages[2].id}, kT0 + 12), "hide");        // 3
  must(store().delete_messages(chat_.id, {messages[3].id}, alice_.id, kT0 + 13), "delete");  // 4
  must(store().edit_message(messages[0].id, "m1 edited twice", kT0 + 14), "edit");           // 5
  must(store().unpin(messages[1].id), "unpin");                                              // 6

  ChangeQuery q;
  q.viewer = bob_.id;
  const auto all = must(store().changes(chat_.id, q), "changes");
  // Each message once, as it is now, in the order of its last change.
  EXPECT_EQ(ids_of(all.messages), (std::vector<std::string>{messages[3].id, messages[0].id, messages[1].id}));
  EXPECT_EQ(all.messages[1].content, "m1 edited twice");
  EXPECT_FALSE(all.messages[2].pinned_at.has_value());
  EXPECT_TRUE(all.messages[0].deleted_at.has_value());
  EXPECT_EQ(all.hidden, std::vector<std::string>{messages[2].id});
  EXPECT_EQ(all.until, 6);
  EXPECT_FALSE(all.more);

  q.viewer = alice_.id;
  EXPECT_TRUE(must(store().changes(chat_.id, q), "changes").hidden.empty());  // bob's hiding is bob's

  // Paged: two at a time, each page continuing where the last ended.
  q.viewer = bob_.id;
  q.limit = 2;
  const auto first = must(store().changes(chat_.id, q), "changes");
  EXPECT_EQ(first.messages.size() + first.hidden.size(), 2U);
  EXPECT_TRUE(first.more);
  EXPECT_EQ(first.hidden, std::vector<std::string>{messages[2].id});  // change 3, then 4
  EXPECT_EQ(ids_of(first.messages), std::vector<std::string>{messages[3].id});
  EXPECT_EQ(first.until, 4);
  q.since = first.until;
  const auto second = must(store().changes(chat_.id, q), "changes");
  EXPECT_EQ(ids_of(second.messages), (std::vector<std::string>{messages[0].id, messages[1].id}));
  EXPECT_FALSE(second.more);
  EXPECT_EQ(second.until, 6);
  q.since = 6;
  const auto none = must(store().changes(chat_.id, q), "changes");
  EXPECT_TRUE(none.messages.empty());
  EXPECT_EQ(none.until, 6);
  EXPECT_EQ(error_of(store().changes(next_id(), q)), Errc::kNotFound);
}

TEST_P(StoreConformance, EditsAndDeletionsWriteTheirEventsWithoutDeletedText) {
  if (!reopen_with_outbox()) GTEST_SKIP() << GetParam().name << " has no outbox";
  add_cast();
  const Message m = send(chat_, alice_, "words to forget");
  must(store().outbox_remove([&] {
    std::vector<std::int64_t> p;
    for (const auto& e : must(store().outbox_pending(1000), "pending")) p.push_back(e.position);
    return p;
  }()),
       "outbox_remove");
  must(store().edit_message(m.id, "edited words to forget", kT0 + 1), "edit");
  must(store().hide_messages(chat_.id, bob_.id, {m.id}, kT0 + 2), "hide");
  must(store().delete_messages(chat_.id, {m.id}, alice_.id, kT0 + 3), "delete");
  const auto events = must(store().outbox_pending(1000), "pending");
  ASSERT_EQ(events.size(), 2U);  // hiding is nobody else's business
  EXPECT_EQ(events[0].type, "message.edited");
  const auto edited = boost::json::parse(events[0].payload).as_object();
  EXPECT_EQ(edited.at("message").at("content").as_string(), "edited words to forget");
  EXPECT_EQ(edited.at("messageId").as_string(), m.id);
  EXPECT_EQ(edited.at("message").at("editCount").as_int64(), 1);
  EXPECT_EQ(events[1].type, "message.deleted");
  EXPECT_EQ(events[1].key, chat_.id);
  const auto deleted = boost::json::parse(events[1].payload).as_object();
  EXPECT_EQ(deleted.at("messageId").as_string(), m.id);
  EXPECT_EQ(deleted.at("seq").as_int64(), m.seq);
  EXPECT_EQ(deleted.at("deletedBy").as_string(), alice_.id);
  EXPECT_EQ(events[1].payload.find("forget"), std::string::npos);
}

}  // namespace parley::store::conformance
