// Tests of the PostgreSQL store against a real server: the conformance suite, each test in a
// schema of its own that it drops at the end, plus what only this backend has: group commit
// over pipelined statements, reconnecting after the server dropped the connections, an
// unreachable or stopped server, two stores (as two processes) on one database writing at
// once, migrations.
//
// The server comes from the environment scripts/services.sh sets (test_schema.hpp). Without
// it every test fails, saying so. The tests share that server and one of them stops it, so
// CTest runs them one at a time (RESOURCE_LOCK postgres).
#include "store/postgres/postgres_store.hpp"

#include "store/job_store_conformance.hpp"
#include "store/postgres/schema.hpp"
#include "store/postgres/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace parley::store {
namespace {

using conformance::all_messages;
using conformance::error_of;
using conformance::JobStoreConformance;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::range;
using conformance::seqs_of;
using conformance::StoreConformance;
using conformance::uuid;
using postgres::testing::Admin;
using postgres::testing::required_env;
using postgres::testing::TestSchema;
using Clock = std::chrono::steady_clock;

class PostgresBackend final : public conformance::Backend {
 public:
  std::unique_ptr<Store> open() override { return open_postgres_store(schema_.url()); }
  std::unique_ptr<Store> open_with_outbox() override {
    PostgresOptions options;
    options.outbox = true;
    return open_postgres_store(schema_.url(), options);
  }

 private:
  TestSchema schema_;
};

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformance,
                         ::testing::Values(conformance::BackendFactory{
                             "postgres", [] { return std::make_unique<PostgresBackend>(); }}),
                         conformance::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, JobStoreConformance,
                         ::testing::Values(conformance::BackendFactory{
                             "postgres", [] { return std::make_unique<PostgresBackend>(); }}),
                         conformance::backend_name);

// ---- Helpers for the PostgreSQL-only tests ----

// Runs `call` until it succeeds, for at most `limit`; returns whether it did.
template <class Call>
bool succeeds_within(std::chrono::milliseconds limit, Call call) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (call().ok()) return true;
    std::this_thread::yield();
  }
  return false;
}

// ---- Group commit ----

struct Throughput {
  double messages_per_second;
  std::int64_t commits;
  std::int64_t operations;  // write operations committed (concurrent appends share one)
};

// `threads` callers append `per_thread` messages each, one per call, half of them into each
// of two chats; every chat must end with seqs 1..n.
Throughput append_concurrently(int threads, int per_thread) {
  TestSchema schema;
  PostgresOptions options;
  options.stats = std::make_shared<PostgresStats>();
  auto store = open_postgres_store(schema.url(), options);
  std::vector<User> users;
  for (int i = 0; i < 4; ++i)
    users.push_back(make_user(*store, 100 + static_cast<std::uint64_t>(i), "u" + std::to_string(i)));
  const Chat chat_a = must(store->find_or_create_private_chat(uuid(200), users[0].id, users[1].id, kT0), "chat");
  const Chat chat_b = must(store->find_or_create_private_chat(uuid(201), users[2].id, users[3].id, kT0), "chat");
  const auto commits_before = options.stats->commits.load();
  const auto operations_before = options.stats->operations.load();

  std::atomic<std::uint64_t> next_id{1000};
  std::atomic<int> failures{0};
  std::latch start(threads + 1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const Chat& chat = t % 2 == 0 ? chat_a : chat_b;
      start.arrive_and_wait();
      for (int i = 0; i < per_thread; ++i) {
        auto r = store->append_messages(
            {message_to(chat, uuid(next_id++), chat.participants[static_cast<std::size_t>(i % 2)], "load")});
        if (!r[0].ok()) failures.fetch_add(1);
      }
    });
  }
  start.arrive_and_wait();
  const auto began = Clock::now();
  for (auto& worker : workers) worker.join();
  const std::chrono::duration<double> took = Clock::now() - began;
  EXPECT_EQ(failures.load(), 0);
  const auto per_chat = static_cast<std::int64_t>(threads * per_thread / (threads > 1 ? 2 : 1));
  EXPECT_EQ(seqs_of(all_messages(*store, chat_a.id)), range(1, per_chat));
  if (threads > 1) {
    EXPECT_EQ(seqs_of(all_messages(*store, chat_b.id)), range(1, per_chat));
  }
  return {threads * per_thread / took.count(), options.stats->commits.load() - commits_before,
          options.stats->operations.load() - operations_before};
}

TEST(PostgresStore, GroupCommitBatchesConcurrentWriters) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  const auto single = append_concurrently(1, kPerThread);
  EXPECT_EQ(single.commits, kPerThread);  // alone, every append is its own transaction
  const auto many = append_concurrently(kThreads, kPerThread);
  EXPECT_LT(many.commits, kThreads * kPerThread / 2) << "concurrent appends should share transactions";
  EXPECT_LT(many.operations, kThreads * kPerThread / 2)
      << "and statements: one operation stores many callers' messages";
  std::cout << "[ group commit ] 1 thread: " << static_cast<long>(single.messages_per_second) << " messages/s, "
            << single.commits << " commits; " << kThreads << " threads: " << static_cast<long>(many.messages_per_second)
            << " messages/s, " << many.commits << " commits for " << kThreads * kPerThread << " messages ("
            << many.operations << " write operations)\n";
  RecordProperty("single_thread_messages_per_second", static_cast<int>(single.messages_per_second));
  RecordProperty("sixteen_threads_messages_per_second", static_cast<int>(many.messages_per_second));
}

// ---- Reads before writes ----

// Raising statuses that are raised already (a chat joined again) reads, and writes nothing.
TEST(PostgresStore, RaisingNothingUpToASeqCommitsNoTransaction) {
  TestSchema schema;
  PostgresOptions options;
  options.stats = std::make_shared<PostgresStats>();
  auto store = open_postgres_store(schema.url(), options);
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const Chat chat = must(store->find_or_create_private_chat(uuid(10), alice.id, bob.id, kT0), "chat");
  for (std::uint64_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(store->append_messages({message_to(chat, uuid(20 + i), alice.id, "hi")})[0]);
  }
  auto commits = options.stats->commits.load();
  EXPECT_EQ(must(store->raise_status_up_to(bob.id, chat.id, 3, Status::kDelivered, kT0 + 1), "deliver").size(), 3u);
  EXPECT_EQ(options.stats->commits.load(), commits + 1);

  commits = options.stats->commits.load();
  EXPECT_TRUE(must(store->raise_status_up_to(bob.id, chat.id, 3, Status::kDelivered, kT0 + 2), "again").empty());
  EXPECT_TRUE(must(store->raise_status_up_to(alice.id, chat.id, 3, Status::kRead, kT0 + 2), "the sender").empty());
  EXPECT_TRUE(must(store->raise_status_up_to(bob.id, chat.id, 0, Status::kRead, kT0 + 2), "up to 0").empty());
  EXPECT_EQ(error_of(store->raise_status_up_to(bob.id, uuid(99), 3, Status::kRead, kT0)), Errc::kNotFound);
  EXPECT_EQ(options.stats->commits.load(), commits) << "nothing to raise: no write transaction";

  EXPECT_EQ(must(store->raise_status_up_to(bob.id, chat.id, 2, Status::kRead, kT0 + 3), "read").size(), 2u);
  EXPECT_EQ(options.stats->commits.load(), commits + 1);
}

// ---- Connections ----

TEST(PostgresStore, RecoversAfterTheServerDroppedItsConnections) {
  TestSchema schema;
  PostgresOptions options;
  options.stats = std::make_shared<PostgresStats>();
  auto store = open_postgres_store(schema.url(), options);
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const Chat chat = must(store->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");
  must(store->user_by_id(alice.id), "read");

  for (int round = 0; round < 3; ++round) {
    ASSERT_GT(schema.terminate_connections(), 0) << "the store should hold connections";
    // The next calls run again on new connections: no error reaches the caller.
    auto appended = store->append_messages({message_to(chat, uuid(10 + static_cast<std::uint64_t>(round)), alice.id,
                                                       "after drop " + std::to_string(round))});
    ASSERT_TRUE(appended[0].ok()) << conformance::errc_name(appended[0].error());
    EXPECT_EQ(appended[0]->message.seq, round + 1);
    EXPECT_EQ(must(store->user_by_id(bob.id), "read after drop").name, "bob");
    EXPECT_TRUE(store->ping().ok());
  }
  EXPECT_GE(options.stats->reconnects.load(), 3);
  EXPECT_EQ(options.stats->failed_batches.load(), 0);
  EXPECT_EQ(seqs_of(all_messages(*store, chat.id)), range(1, 3));
}

TEST(PostgresStore, OpeningAnUnreachableServerThrowsPromptly) {
  // Nothing listens on port 1 of loopback: the connection is refused.
  Admin admin;  // fails this test clearly when the environment has no server
  const auto began = Clock::now();
  try {
    open_postgres_store("postgres://parley@127.0.0.1:1/postgres");
    FAIL() << "opened a store without a server";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
  }
  EXPECT_LT(Clock::now() - began, std::chrono::seconds(3));
  try {
    open_postgres_store("this is no connection string");
    FAIL() << "opened a store from a malformed URL";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("PostgreSQL"), std::string::npos) << e.what();
  }
}

// Stops the shared server: the calls fail with kUnavailable within the timeouts and never
// hang; once the server is back, the next calls succeed.
TEST(PostgresStore, CallsFailPromptlyWhileTheServerIsDownAndRecover) {
  const std::string ctl = required_env("PARLEY_TEST_POSTGRES_CTL");
  TestSchema schema;
  PostgresOptions options;
  options.stats = std::make_shared<PostgresStats>();
  auto store = open_postgres_store(schema.url(), options);
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const Chat chat = must(store->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");

  ASSERT_EQ(std::system((ctl + " stop").c_str()), 0);
  const auto began = Clock::now();
  EXPECT_EQ(conformance::error_of(store->user_by_id(alice.id)), Errc::kUnavailable);
  auto appended = store->append_messages({message_to(chat, uuid(10), alice.id, "into the outage")});
  EXPECT_EQ(conformance::error_of(appended[0]), Errc::kUnavailable);
  EXPECT_EQ(conformance::error_of(store->ping()), Errc::kUnavailable);
  EXPECT_EQ(conformance::error_of(store->create_user({uuid(4), "carol@example.test", "carol", "h", kT0, {}})),
            Errc::kUnavailable);
  EXPECT_LT(Clock::now() - began, std::chrono::seconds(5)) << "calls should fail at once on a refused connection";
  ASSERT_EQ(std::system((ctl + " start").c_str()), 0);

  // The server accepts connections again: the next calls reconnect.
  EXPECT_TRUE(succeeds_within(std::chrono::seconds(10), [&] { return store->ping(); }));
  auto after = store->append_messages({message_to(chat, uuid(11), alice.id, "after the outage")});
  ASSERT_TRUE(after[0].ok()) << conformance::errc_name(after[0].error());
  EXPECT_EQ(after[0]->message.seq, 1);  // the failed append took no seq
  EXPECT_EQ(must(store->user_by_id(bob.id), "read").name, "bob");
  EXPECT_GE(options.stats->failed_batches.load(), 1);
}

// ---- Two processes ----

// Two stores on one database, as two parley processes: appends to the same chats from both
// interleave without gaps, and a retried client message is stored once whichever store gets it.
TEST(PostgresStore, TwoStoresShareOneDatabase) {
  TestSchema schema;
  auto first = open_postgres_store(schema.url());
  auto second = open_postgres_store(schema.url());
  const User alice = make_user(*first, 1, "alice");
  const User bob = make_user(*first, 2, "bob");
  const Chat chat = must(first->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");
  EXPECT_EQ(must(second->find_or_create_private_chat(uuid(4), bob.id, alice.id, kT0), "same chat").id, chat.id);

  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<std::uint64_t> next_id{1000};
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *first : *second;
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        // Every third message is sent twice, once through each store, with one client id.
        NewMessage m = message_to(chat, uuid(next_id++), t % 4 < 2 ? alice.id : bob.id, "m");
        if (i % 3 == 0) m.client_message_id = "client-" + std::to_string(t) + "-" + std::to_string(i);
        if (!store.append_messages({m})[0].ok()) failures.fetch_add(1);
        if (m.client_message_id) {
          m.id = uuid(next_id++);
          Store& other = &store == first.get() ? *second : *first;
          auto again = other.append_messages({m});
          if (!again[0].ok() || !again[0]->duplicate) failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(seqs_of(all_messages(*second, chat.id)), range(1, kThreads * kPerThread));
  EXPECT_EQ(must(first->chat_by_id(chat.id), "chat").last_seq, kThreads * kPerThread);
}

// Two stores editing and hiding the messages of one chat at once: the chat's row lock orders
// the changes, so each has a change_seq of its own, every edit keeps the text it replaced, and
// the feed read a change at a time lists every message and hiding once.
TEST(PostgresStore, TwoStoresChangingOneChatGiveEachChangeItsOwnChangeSeq) {
  TestSchema schema;
  auto first = open_postgres_store(schema.url());
  auto second = open_postgres_store(schema.url());
  const User alice = make_user(*first, 1, "alice");
  const User bob = make_user(*first, 2, "bob");
  const Chat chat = must(first->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");
  std::vector<Message> messages;
  for (std::uint64_t i = 0; i < 8; ++i) {
    messages.push_back(
        must(std::move(first->append_messages({message_to(chat, uuid(10 + i), alice.id, "m")})[0]), "append").message);
  }

  constexpr int kThreads = 8;
  constexpr int kEdits = 10;
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *first : *second;
      const auto mine = static_cast<std::size_t>(t % 4);
      start.arrive_and_wait();
      for (int i = 0; i < kEdits; ++i) {
        const auto text = "t" + std::to_string(t) + "e" + std::to_string(i);
        if (!store.edit_message(messages[mine].id, text, kT0 + 1 + i).ok()) failures.fetch_add(1);
      }
      // Threads t and t + 4 hide the same message: one change.
      if (!store.hide_messages(chat.id, bob.id, {messages[4 + mine].id}, kT0 + 20).ok()) failures.fetch_add(1);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  constexpr std::int64_t kChanges = kThreads * kEdits + 4;
  EXPECT_EQ(must(second->chat_by_id(chat.id), "chat").change_seq, kChanges);
  for (std::size_t i = 0; i < 4; ++i) {
    const Message m = must(first->message_by_id(messages[i].id), "message_by_id");
    EXPECT_EQ(m.edit_count, 2 * kEdits);
    const auto versions = must(second->message_versions(m.id), "message_versions");
    ASSERT_EQ(versions.size(), static_cast<std::size_t>(2 * kEdits + 1));
    EXPECT_EQ(versions.front().content, "m");
    EXPECT_EQ(versions.back().content, m.content);
  }

  ChangeQuery q;
  q.viewer = bob.id;
  q.limit = 1;
  std::vector<std::string> listed;
  for (int page = 0; page < 20; ++page) {
    const auto changes = must(first->changes(chat.id, q), "changes");
    for (const auto& m : changes.messages) listed.push_back(m.id);
    for (const auto& id : changes.hidden) listed.push_back(id);
    EXPECT_GT(changes.until, q.since);
    q.since = changes.until;
    if (!changes.more) break;
  }
  EXPECT_EQ(q.since, kChanges);
  std::sort(listed.begin(), listed.end());
  std::vector<std::string> all;
  for (const auto& m : messages) all.push_back(m.id);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(listed, all);
}

}  // namespace
}  // namespace parley::store
