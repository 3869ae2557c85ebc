// The conformance suite, part 1b: users and sessions.
#include "store/store_conformance.hpp"

#include <latch>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

void expect_same_user(const User& actual, const User& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.email, expected.email);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.password_hash, expected.password_hash);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.last_seen, expected.last_seen);
}

}  // namespace

// ---- Users ----

TEST_P(StoreConformance, CreatesAndFindsUsers) {
  User alice;
  alice.id = next_id();
  alice.email = "alice@example.test";
  alice.name = "Alice";
  alice.password_hash = "$argon2id$hash";
  alice.created_at = kT0;
  auto created = store().create_user(alice);
  ASSERT_TRUE(created.ok());
  expect_same_user(*created, alice);

  auto by_id = store().user_by_id(alice.id);
  ASSERT_TRUE(by_id.ok());
  expect_same_user(*by_id, alice);
  EXPECT_FALSE(by_id->last_seen.has_value());

  auto by_email = store().user_by_email("alice@example.test");
  ASSERT_TRUE(by_email.ok());
  expect_same_user(*by_email, alice);
}

TEST_P(StoreConformance, RejectsATakenEmailOrId) {
  const User alice = add_user("alice");
  User again = alice;
  again.id = next_id();
  again.name = "Another Alice";
  EXPECT_EQ(error_of(store().create_user(again)), Errc::kConflict);

  User same_id = alice;
  same_id.email = "other@example.test";
  EXPECT_EQ(error_of(store().create_user(same_id)), Errc::kConflict);

  EXPECT_EQ(must(store().user_by_email(alice.email), "user_by_email").id, alice.id);
  EXPECT_EQ(error_of(store().user_by_email("other@example.test")), Errc::kNotFound);
  EXPECT_EQ(must(store().list_users(), "list_users").size(), 1U);
}

TEST_P(StoreConformance, UnknownUsersAreNotFound) {
  add_user("alice");
  EXPECT_EQ(error_of(store().user_by_id(next_id())), Errc::kNotFound);
  EXPECT_EQ(error_of(store().user_by_email("nobody@example.test")), Errc::kNotFound);
  EXPECT_EQ(error_of(store().set_last_seen(next_id(), kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().set_user_name(next_id(), "nobody")), Errc::kNotFound);
}

TEST_P(StoreConformance, ListsUsersByName) {
  add_user("carol");
  add_user("alice");
  add_user("bob");
  auto users = must(store().list_users(), "list_users");
  ASSERT_EQ(users.size(), 3U);
  EXPECT_EQ(users[0].name, "alice");
  EXPECT_EQ(users[1].name, "bob");
  EXPECT_EQ(users[2].name, "carol");
}

TEST_P(StoreConformance, SetsLastSeen) {
  const User alice = add_user("alice");
  must(store().set_last_seen(alice.id, kT0 + 5), "set_last_seen");
  EXPECT_EQ(must(store().user_by_id(alice.id), "user_by_id").last_seen, kT0 + 5);
  must(store().set_last_seen(alice.id, kT0 + 9), "set_last_seen");
  EXPECT_EQ(must(store().user_by_email(alice.email), "user_by_email").last_seen, kT0 + 9);
}

// Concurrent writers whose operations partly fail: each failure must undo only itself.
TEST_P(StoreConformance, ConcurrentFailuresDoNotUndoOtherWrites) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        User user;
        user.id = next_id();
        // Every thread tries the same emails: each is created once, the rest conflict.
        user.email = "user" + std::to_string(i) + "@example.test";
        user.name = "user " + std::to_string(t) + "/" + std::to_string(i);
        user.created_at = kT0;
        auto r = store().create_user(user);
        if (r.ok()) {
          created.fetch_add(1);
        } else if (r.error() == Errc::kConflict) {
          conflicts.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), kPerThread);
  EXPECT_EQ(conflicts.load(), kPerThread * (kThreads - 1));
  EXPECT_EQ(must(store().list_users(), "list_users").size(), static_cast<std::size_t>(kPerThread));
}

// ---- Sessions ----

TEST_P(StoreConformance, CreatesReadsAndRevokesSessions) {
  const User alice = add_user("alice");
  Session session{next_id(), alice.id, kT0, kT0 + 3'600'000, false};
  must(store().create_session(session), "create_session");

  auto read = must(store().session_by_id(session.id), "session_by_id");
  EXPECT_EQ(read.id, session.id);
  EXPECT_EQ(read.user_id, alice.id);
  EXPECT_EQ(read.created_at, kT0);
  EXPECT_EQ(read.expires_at, kT0 + 3'600'000);
  EXPECT_FALSE(read.revoked);

  must(store().revoke_session(session.id), "revoke_session");
  EXPECT_TRUE(must(store().session_by_id(session.id), "session_by_id").revoked);
  must(store().revoke_session(session.id), "revoke_session again");  // revoking twice is fine
  EXPECT_TRUE(must(store().session_by_id(session.id), "session_by_id").revoked);

  EXPECT_EQ(error_of(store().create_session(session)), Errc::kConflict);  // the id is taken
}

TEST_P(StoreConformance, UnknownSessionsAreNotFound) {
  EXPECT_EQ(error_of(store().session_by_id(next_id())), Errc::kNotFound);
  EXPECT_EQ(error_of(store().revoke_session(next_id())), Errc::kNotFound);
  Session orphan{next_id(), next_id(), kT0, kT0 + 1000, false};
  EXPECT_EQ(error_of(store().create_session(orphan)), Errc::kNotFound);  // no such user
}

}  // namespace parley::store::conformance
