// Group watermarks in the PostgreSQL store, beyond the conformance suite: what only this
// backend does differently (messages of several senders stored by one statement, a read before
// the write). Part of store_postgres_test; the server comes from scripts/services.sh.
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::store {
namespace {

using conformance::error_of;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::uuid;
using postgres::testing::TestSchema;

// A group of `members` (the first its owner), created by the first at kT0: its line is seq 1.
Chat make_group(Store& store, const std::string& id, const std::vector<User>& members) {
  NewGroup g;
  g.id = id;
  g.info.title = "Team";
  g.at = kT0;
  for (const auto& user : members) {
    Member m;
    m.user_id = user.id;
    m.role = g.members.empty() ? Role::kOwner : Role::kMember;
    m.joined_at = kT0;
    g.members.push_back(std::move(m));
  }
  g.created.id = uuid(900);
  g.created.chat_id = id;
  g.created.sender_id = members.front().id;
  g.created.content = "created";
  g.created.created_at = kT0;
  g.created.kind = "system";
  g.created.system = R"({"type":"created"})";
  return must(store.create_group(g), "create_group").chat;
}

// Messages of two senders into a group, and one into a private chat, stored by one statement:
// each sender's watermarks rise to their last message, the private chat's stay.
TEST(PostgresGroups, ABatchRaisesEachSendersWatermarks) {
  TestSchema schema;
  auto store = open_postgres_store(schema.url());
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const User carol = make_user(*store, 3, "carol");
  const Chat group = make_group(*store, uuid(10), {alice, bob, carol});
  const Chat pair = must(store->find_or_create_private_chat(uuid(11), alice.id, bob.id, kT0), "chat");

  std::vector<NewMessage> batch{message_to(group, uuid(20), alice.id, "a1"), message_to(group, uuid(21), bob.id, "b1"),
                                message_to(pair, uuid(22), alice.id, "private"),
                                message_to(group, uuid(23), alice.id, "a2")};
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].recipients.clear();
    batch[i].created_at = kT0 + 10 + static_cast<TimeMs>(i);
  }
  for (auto& r : store->append_messages(batch)) ASSERT_TRUE(r.ok());

  const Member a = must(store->member(group.id, alice.id), "alice");
  EXPECT_EQ(a.delivered_seq, 4);
  EXPECT_EQ(a.read_seq, 4);
  EXPECT_EQ(a.delivered_at, kT0 + 13);
  EXPECT_EQ(a.read_at, kT0 + 13);
  EXPECT_EQ(a.last_sent_at, kT0 + 13);
  const Member b = must(store->member(group.id, bob.id), "bob");
  EXPECT_EQ(b.delivered_seq, 3);
  EXPECT_EQ(b.read_seq, 3);
  EXPECT_EQ(b.last_sent_at, kT0 + 11);
  EXPECT_EQ(must(store->member(group.id, carol.id), "carol").delivered_seq, 0);
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(delivered_seq) + MAX(read_seq) FROM " + schema.name() +
                                  ".chat_participants WHERE chat_id = '" + pair.id + "'"),
            "0");

  const Watermarks w = must(store->raise_watermarks(group.id, carol.id, 4, 4, kT0 + 20), "raise");
  EXPECT_EQ(w.delivered_floor, 3);  // bob's
  EXPECT_EQ(w.read_floor, 3);
  const Chat chat = must(store->chat_by_id(group.id), "chat");
  EXPECT_EQ(chat.group->delivered_floor, 3);
  EXPECT_EQ(chat.group->read_floor, 3);
}

// Raising watermarks that are raised already (a device reporting what it had) reads, and
// writes nothing.
TEST(PostgresGroups, RaisingNoWatermarkCommitsNoTransaction) {
  TestSchema schema;
  PostgresOptions options;
  options.stats = std::make_shared<PostgresStats>();
  auto store = open_postgres_store(schema.url(), options);
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const Chat group = make_group(*store, uuid(10), {alice, bob});

  auto commits = options.stats->commits.load();
  EXPECT_TRUE(must(store->raise_watermarks(group.id, bob.id, 1, 0, kT0 + 1), "deliver").changed);
  EXPECT_EQ(options.stats->commits.load(), commits + 1);

  commits = options.stats->commits.load();
  EXPECT_FALSE(must(store->raise_watermarks(group.id, bob.id, 1, 0, kT0 + 2), "again").changed);
  EXPECT_FALSE(must(store->raise_watermarks(group.id, alice.id, 5, 5, kT0 + 2), "the sender").changed);
  EXPECT_EQ(error_of(store->raise_watermarks(group.id, uuid(99), 1, 1, kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(store->raise_watermarks(uuid(99), bob.id, 1, 1, kT0)), Errc::kNotFound);
  EXPECT_EQ(options.stats->commits.load(), commits) << "nothing to raise: no write transaction";

  const Watermarks w = must(store->raise_watermarks(group.id, bob.id, 1, 1, kT0 + 3), "read");
  EXPECT_EQ(w.read_floor_before, 0);
  EXPECT_EQ(w.read_floor, 1);
  EXPECT_EQ(options.stats->commits.load(), commits + 1);
  const Member b = must(store->member(group.id, bob.id), "bob");
  EXPECT_EQ(b.delivered_at, kT0 + 1);  // delivered rose at kT0 + 1 only
  EXPECT_EQ(b.read_at, kT0 + 3);
}

}  // namespace
}  // namespace parley::store
