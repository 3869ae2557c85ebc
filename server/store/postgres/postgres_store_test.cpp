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

using conformance::error_of;
using conformance::JobStoreConformance;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
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

std::vector<Message> all_messages(Store& store, const std::string& chat_id) {
  std::vector<Message> all;
  for (std::int64_t last = 0;;) {
    auto page = must(store.history(chat_id, conformance::after(last, kMaxHistoryLimit)), "history");
    if (page.empty()) return all;
    last = page.back().seq;
    for (auto& m : page) all.push_back(std::move(m));
  }
}

std::vector<std::int64_t> seqs_of(const std::vector<Message>& messages) {
  std::vector<std::int64_t> seqs;
  for (const auto& m : messages) seqs.push_back(m.seq);
  return seqs;
}

std::vector<std::int64_t> one_to(std::int64_t n) {
  std::vector<std::int64_t> seqs;
  for (std::int64_t s = 1; s <= n; ++s) seqs.push_back(s);
  return seqs;
}

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
  EXPECT_EQ(seqs_of(all_messages(*store, chat_a.id)), one_to(per_chat));
  if (threads > 1) {
    EXPECT_EQ(seqs_of(all_messages(*store, chat_b.id)), one_to(per_chat));
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
  EXPECT_EQ(seqs_of(all_messages(*store, chat.id)), one_to(3));
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
  EXPECT_EQ(seqs_of(all_messages(*second, chat.id)), one_to(kThreads * kPerThread));
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

// ---- Locks: two processes write at once (writer.hpp) ----

// Whether a backend of this schema's stores waits for a lock: an advisory one (a writer's
// batch waiting for what it declared), or a row's.
enum class LockKind { kAdvisory, kRow };
bool waits_for(TestSchema& schema, LockKind kind) {
  const std::string which = kind == LockKind::kAdvisory ? "= 'advisory'" : "<> 'advisory'";
  return schema.admin().scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + schema.name() +
                               "' AND wait_event_type = 'Lock' AND wait_event " + which) != "0";
}

// Polls a condition of the server (no event tells of it) until it holds, for at most `limit`.
template <class Condition>
bool holds_within(std::chrono::milliseconds limit, Condition condition) {
  const auto deadline = Clock::now() + limit;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

std::int64_t seq_of(std::vector<Result<Appended>> appended) {
  if (appended.size() != 1 || !appended[0]) return -1;
  return appended[0]->message.seq;
}

// A writer held up inside its transaction (a chat's row locked from outside) holds only what
// its batch declared: the other store's writes to other chats commit meanwhile, and its
// writes to the same chat wait for the chat's lock before touching any row.
TEST(PostgresStore, TwoStoresWriteOtherChatsAtOnceAndTheSameChatInTurn) {
  TestSchema schema;
  PostgresOptions options;
  options.statement_timeout = std::chrono::seconds(60);  // the writes held up here wait, they do not time out
  auto first = open_postgres_store(schema.url(), options);
  auto second = open_postgres_store(schema.url(), options);
  const User alice = make_user(*first, 1, "alice");
  const User bob = make_user(*first, 2, "bob");
  const User carol = make_user(*first, 3, "carol");
  const Chat held = must(first->find_or_create_private_chat(uuid(4), alice.id, bob.id, kT0), "chat");
  const Chat free = must(first->find_or_create_private_chat(uuid(5), alice.id, carol.id, kT0), "chat");

  Admin blocker;
  ASSERT_EQ(blocker.scalar("BEGIN"), "");
  ASSERT_EQ(blocker.scalar("SELECT id FROM " + schema.name() + ".chats WHERE id = '" + held.id + "' FOR UPDATE"),
            held.id);
  auto waiting = std::async(
      std::launch::async, [&] { return seq_of(first->append_messages({message_to(held, uuid(10), alice.id, "1")})); });
  ASSERT_TRUE(holds_within(std::chrono::seconds(10), [&] { return waits_for(schema, LockKind::kRow); }))
      << "the first store's writer should wait for the chat's row";

  auto other = std::async(std::launch::async,
                          [&] { return seq_of(second->append_messages({message_to(free, uuid(11), carol.id, "1")})); });
  const bool other_committed = other.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  EXPECT_TRUE(other_committed) << "a write to another chat waited for the first store's transaction";

  auto same = std::async(std::launch::async,
                         [&] { return seq_of(second->append_messages({message_to(held, uuid(12), bob.id, "2")})); });
  EXPECT_TRUE(holds_within(std::chrono::seconds(10), [&] { return waits_for(schema, LockKind::kAdvisory); }))
      << "a write to the same chat should wait for the chat's lock";
  EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  ASSERT_EQ(blocker.scalar("COMMIT"), "");
  EXPECT_EQ(waiting.get(), 1);
  EXPECT_EQ(same.get(), 2);
  EXPECT_EQ(other.get(), 1);
  EXPECT_EQ(seqs_of(all_messages(*first, held.id)), one_to(2));
}

// Each call stores its messages one by one (a repeated client id makes them so), so that its
// transaction changes the chats' rows in the order of the call: through one store in one order,
// through the other in the opposite one. Without the chats locked first, in one order, the two
// writers deadlock (and run their batches again); with them, neither ever does.
TEST(PostgresStore, TwoStoresWritingTheSameChatsInOppositeOrdersNeverDeadlock) {
  TestSchema schema;
  PostgresOptions first_options;
  first_options.stats = std::make_shared<PostgresStats>();
  PostgresOptions second_options;
  second_options.stats = std::make_shared<PostgresStats>();
  auto first = open_postgres_store(schema.url(), first_options);
  auto second = open_postgres_store(schema.url(), second_options);
  constexpr int kChats = 4;
  const User hub = make_user(*first, 1, "hub");
  std::vector<Chat> chats;
  for (int i = 0; i < kChats; ++i) {
    const User other = make_user(*first, 10 + static_cast<std::uint64_t>(i), "user" + std::to_string(i));
    chats.push_back(must(
        first->find_or_create_private_chat(uuid(20 + static_cast<std::uint64_t>(i)), hub.id, other.id, kT0), "chat"));
  }

  constexpr int kThreadsPerStore = 2;
  constexpr int kRounds = 40;
  std::atomic<std::uint64_t> next_id{1000};
  std::atomic<int> failures{0};
  std::latch start(2 * kThreadsPerStore);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerStore; ++t) {
    threads.emplace_back([&, t] {
      const bool forward = t % 2 == 0;
      Store& store = forward ? *first : *second;
      start.arrive_and_wait();
      for (int round = 0; round < kRounds; ++round) {
        std::vector<NewMessage> call;
        for (int i = 0; i < kChats; ++i) {
          const Chat& chat = chats[static_cast<std::size_t>(forward ? i : kChats - 1 - i)];
          const std::uint64_t id = next_id++;
          call.push_back(message_to(chat, uuid(id), hub.id, "m"));
          call.back().client_message_id = "c" + std::to_string(id);
        }
        call.push_back(call.front());  // the same client message again: stored once
        call.back().id = uuid(next_id++);
        auto results = store.append_messages(call);
        for (std::size_t i = 0; i < results.size(); ++i) {
          if (!results[i] || results[i]->duplicate != (i + 1 == results.size())) failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(first_options.stats->retried_batches.load(), 0) << "the first store's writer deadlocked";
  EXPECT_EQ(second_options.stats->retried_batches.load(), 0) << "the second store's writer deadlocked";
  EXPECT_EQ(first_options.stats->exclusive_batches.load() + second_options.stats->exclusive_batches.load(), 0)
      << "appends should lock their chats, not run alone";
  for (const auto& chat : chats) {
    EXPECT_EQ(seqs_of(all_messages(*first, chat.id)), one_to(2 * kThreadsPerStore * kRounds));
  }
}

// Messages per second that `stores` stores on one database store together, each with
// `callers` threads appending `per_caller` messages one per call. Each store's callers write
// their own chats, or (`shared`) every store writes every chat, as two instances do whose users
// chat across them. Every chat's seqs must end without gaps.
double rate_of_stores(int stores, int callers, int per_caller, bool shared) {
  TestSchema schema;
  std::vector<std::unique_ptr<Store>> all;
  for (int i = 0; i < stores; ++i) all.push_back(open_postgres_store(schema.url()));
  constexpr int kChats = 50;
  std::vector<Chat> chats;
  for (int i = 0; i < kChats; ++i) {
    const std::uint64_t n = 100 + 2 * static_cast<std::uint64_t>(i);
    const User a = make_user(*all[0], n, "a" + std::to_string(i));
    const User b = make_user(*all[0], n + 1, "b" + std::to_string(i));
    chats.push_back(must(all[0]->find_or_create_private_chat(uuid(1000 + n), a.id, b.id, kT0), "chat"));
  }
  // Store s writes chats first, first + step, ... (all of them when shared).
  const int step = shared ? 1 : stores;
  std::atomic<std::uint64_t> next_id{10'000};
  std::atomic<int> failures{0};
  std::latch start(stores * callers + 1);
  std::vector<std::thread> threads;
  for (int s = 0; s < stores; ++s) {
    for (int t = 0; t < callers; ++t) {
      threads.emplace_back([&, s, t] {
        const int first = shared ? 0 : s;
        const int count = (kChats - first + step - 1) / step;
        Store& store = *all[static_cast<std::size_t>(s)];
        start.arrive_and_wait();
        for (int i = 0; i < per_caller; ++i) {
          const int index = first + step * ((t + i * callers) % count);
          const Chat& chat = chats[static_cast<std::size_t>(index)];
          auto r = store.append_messages(
              {message_to(chat, uuid(next_id++), chat.participants[static_cast<std::size_t>(i % 2)], "load")});
          if (!r[0].ok()) failures.fetch_add(1);
        }
      });
    }
  }
  start.arrive_and_wait();
  const auto began = Clock::now();
  for (auto& thread : threads) thread.join();
  const std::chrono::duration<double> took = Clock::now() - began;
  EXPECT_EQ(failures.load(), 0);
  std::int64_t stored = 0;
  for (const auto& chat : chats) {
    const auto last_seq = must(all[0]->chat_by_id(chat.id), "chat").last_seq;
    EXPECT_EQ(seqs_of(all_messages(*all[0], chat.id)), one_to(last_seq));
    stored += last_seq;
  }
  EXPECT_EQ(stored, static_cast<std::int64_t>(stores) * callers * per_caller);
  return static_cast<double>(stored) / took.count();
}

// A measurement more than a test: one store's callers, then two stores' with as many callers
// each (two instances, each with its own clients), apart and in shared chats. How far two go
// beyond one depends on the database's headroom: on a server whose commits wait for the disk
// (commit_delay set, say) two stores of apart chats store about twice as fast as one; when the
// server's CPU is the limit, about as fast. PARLEY_TEST_WRITES_PER_CALLER runs it longer.
TEST(PostgresStore, TwoStoresWriteInParallel) {
  const char* env = std::getenv("PARLEY_TEST_WRITES_PER_CALLER");
  const int per_caller = env != nullptr ? std::atoi(env) : 50;
  constexpr int kCallers = 32;
  const double one = rate_of_stores(1, kCallers, per_caller, false);
  const double two = rate_of_stores(2, kCallers, per_caller, false);
  const double two_shared = rate_of_stores(2, kCallers, per_caller, true);
  std::cout << "[ two writers ] one store: " << static_cast<long>(one)
            << " messages/s; two stores, chats apart: " << static_cast<long>(two)
            << " messages/s; two stores, every chat from both: " << static_cast<long>(two_shared) << " messages/s\n";
  RecordProperty("one_store_messages_per_second", static_cast<int>(one));
  RecordProperty("two_stores_messages_per_second", static_cast<int>(two));
  RecordProperty("two_stores_shared_chats_messages_per_second", static_cast<int>(two_shared));
}

// A change that cannot name what it changes (the account check) runs alone; everything else
// names it.
TEST(PostgresStore, OnlyTheAccountCheckRunsAlone) {
  TestSchema schema;
  PostgresOptions options;
  options.stats = std::make_shared<PostgresStats>();
  options.outbox = true;
  auto store = open_postgres_store(schema.url(), options);
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const Chat chat = must(store->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");
  NewMessage m = message_to(chat, uuid(4), alice.id, "hello");
  m.delivered_to = {bob.id};
  ASSERT_TRUE(store->append_messages({m})[0].ok());
  must(store->raise_status(bob.id, {m.id}, Status::kRead, kT0 + 1), "raise");
  must(store->raise_status_up_to(bob.id, chat.id, 1, Status::kRead, kT0 + 2), "raise up to");
  must(store->pin(m.id, bob.id, kT0 + 3, 10), "pin");
  must(store->unpin(m.id), "unpin");
  must(store->set_last_seen(alice.id, kT0 + 4), "last seen");
  must(store->create_session({uuid(5), alice.id, kT0, kT0 + 1000, false}), "session");
  must(store->revoke_session(uuid(5)), "revoke");
  must(store->record_event({0, uuid(6), "presence.online", alice.id, "{}", kT0}), "event");
  must(store->outbox_remove({1}), "remove");
  must(store->shared_setting("name", "value"), "setting");
  EXPECT_EQ(options.stats->exclusive_batches.load(), 0);
  must(store->finish_email_check("emails-v1", {}, {}, kT0), "account check");
  EXPECT_EQ(options.stats->exclusive_batches.load(), 1);
}

// ---- Migrations ----

// SQL that takes schema `s` back from migration 10 (replies, quotes and threads) to what
// version 9 left: the followers' table and the new columns go, and their indexes with them.
// The version is left to the caller.
std::string without_threads(const std::string& s) {
  return "DROP TABLE " + s + ".thread_follows; DROP INDEX " + s + ".messages_thread; DROP INDEX " + s +
         ".messages_replies; ALTER TABLE " + s +
         ".messages DROP COLUMN reply_to_id, DROP COLUMN quote, DROP COLUMN thread_root_id, DROP COLUMN also_to_chat, "
         "DROP COLUMN thread_count, DROP COLUMN thread_last_at, DROP COLUMN thread_participants; ALTER TABLE " +
         s + ".chats DROP COLUMN edit_window_seconds; ";
}

// SQL that takes schema `s` back from migrations 9 and 10 (edits, deletions, the change feed;
// replies and threads) to what version 8 left: migration 10 first, then the versions' and
// hidden messages' tables and the new columns go, and their indexes with them. The version is
// left to the caller.
std::string without_lifecycle(const std::string& s) {
  return without_threads(s) + "DROP TABLE " + s + ".hidden_messages; DROP TABLE " + s +
         ".message_versions; DROP INDEX " + s + ".messages_changes; ALTER TABLE " + s +
         ".chats DROP COLUMN change_seq; ALTER TABLE " + s +
         ".messages DROP COLUMN edited_at, DROP COLUMN edit_count, DROP COLUMN deleted_at, DROP COLUMN deleted_by, "
         "DROP COLUMN change_seq; ";
}

// SQL that takes schema `s` back from migrations 7 to 10 (groups, their invite links, edits,
// threads) to what version 6 left: migrations 9 and 10 first, then the invites' table and the groups' columns go,
// and their indexes and CHECKs with them. The version is left to the caller.
std::string without_groups(const std::string& s) {
  return without_lifecycle(s) + "DROP TABLE " + s + ".group_invites; DROP INDEX " + s +
         ".chat_participants_order; DROP INDEX " + s + ".chat_participants_delivered; DROP INDEX " + s +
         ".chat_participants_read; ALTER TABLE " + s +
         ".chats DROP COLUMN title, DROP COLUMN description, DROP COLUMN avatar_color, DROP COLUMN perm_send, "
         "DROP COLUMN perm_add, DROP COLUMN perm_edit_info, DROP COLUMN perm_pin, DROP COLUMN history_visible, "
         "DROP COLUMN slow_mode_seconds, DROP COLUMN member_limit, DROP COLUMN member_count, DROP COLUMN version, "
         "DROP COLUMN delivered_floor, DROP COLUMN read_floor; ALTER TABLE " +
         s +
         ".chat_participants DROP COLUMN role, DROP COLUMN visible_after_seq, DROP COLUMN delivered_seq, "
         "DROP COLUMN read_seq, DROP COLUMN delivered_at, DROP COLUMN read_at, DROP COLUMN last_sent_at; ALTER TABLE " +
         s + ".messages DROP COLUMN kind, DROP COLUMN system; ";
}

TEST(PostgresStore, MigratesOnceWhenStoresOpenTogether) {
  TestSchema schema;
  constexpr int kStores = 4;
  std::vector<std::unique_ptr<Store>> stores(kStores);
  std::atomic<int> failures{0};
  std::latch start(kStores);
  std::vector<std::thread> threads;
  for (int i = 0; i < kStores; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        stores[static_cast<std::size_t>(i)] = open_postgres_store(schema.url());
      } catch (const std::runtime_error& e) {
        std::cerr << e.what() << "\n";
        failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  const auto latest = std::to_string(postgres::latest_schema_version());
  const auto table = schema.name() + ".schema_version";
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + table), latest);
  EXPECT_EQ(schema.admin().scalar("SELECT COUNT(*) FROM " + table), latest);
  make_user(*stores[0], 1, "alice");
  EXPECT_EQ(must(stores[3]->user_by_id(uuid(1)), "user").name, "alice");
}

// A schema of the previous release (version 2: no account checks) with look-alike accounts
// its rules let in: migration 3 adds the checks and their report, schedules the email check,
// and keeps every account as it was (the check itself runs in chat/account_check.cpp).
TEST(PostgresStore, MigrationThreeSchedulesTheEmailCheckAndKeepsTheAccounts) {
  TestSchema schema;
  open_postgres_store(schema.url()).reset();
  const auto& s = schema.name();
  schema.admin().scalar(without_groups(s) + "DROP INDEX " + s + ".users_directory; ALTER TABLE " + s +
                        ".users DROP COLUMN name_key, DROP COLUMN email_key; DROP TABLE " + s +
                        ".account_issues; DROP TABLE " + s + ".account_checks; DROP TABLE " + s +
                        ".server_settings; DROP TABLE " + s + ".jobs; DELETE FROM " + s +
                        ".schema_version WHERE version > 2");
  schema.admin().scalar("INSERT INTO " + s +
                        ".users (id, email, name, password_hash, created_at) VALUES "
                        "('" +
                        uuid(1) + "', 'twin@x.test', 'a', 'h', 1), ('" + uuid(2) + "', 'twin@x.test.', 'b', 'h', 1)");
  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(must(store->pending_account_checks(), "pending"), std::vector<std::string>{"emails-v1"});
  const auto accounts = must(store->account_emails(), "accounts");
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].email, "twin@x.test");
  EXPECT_EQ(accounts[1].email, "twin@x.test.");
  const std::vector<AccountIssue> issues{{uuid(1), "twin@x.test", "twin@x.test", "collision", "two", kT0},
                                         {uuid(2), "twin@x.test.", "twin@x.test", "collision", "two", kT0}};
  ASSERT_TRUE(must(store->finish_email_check("emails-v1", {}, issues, kT0), "finish").finished_here);
  EXPECT_EQ(schema.admin().scalar("SELECT COUNT(*) FROM " + s + ".account_issues WHERE kind = 'collision'"), "2");
}

TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeTheDirectory) {
  TestSchema schema;
  {
    auto store = open_postgres_store(schema.url());
    make_user(*store, 1, "Zoë");
    make_user(*store, 2, "ÉMILE");
  }
  // Back to schema version 2 as that release left it, with a user it stored itself.
  const auto& s = schema.name();
  EXPECT_EQ(schema.admin().scalar(without_groups(s) + "DROP INDEX " + s + ".users_directory; ALTER TABLE " + s +
                                  ".users DROP COLUMN name_key, DROP COLUMN email_key; DROP TABLE " + s +
                                  ".account_issues; DROP TABLE " + s + ".account_checks; DROP TABLE " + s +
                                  ".server_settings; DROP TABLE " + s + ".jobs; DELETE FROM " + s +
                                  ".schema_version WHERE version >= 3; INSERT INTO " + s +
                                  ".users (id, email, name, password_hash, created_at) VALUES "
                                  "('00000000-0000-4000-8000-000000000003', 'old@example.test', 'Ödön', 'hash', 0)"),
            "");
  ASSERT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"), "2");

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(schema.admin().scalar("SELECT COUNT(*) FROM " + s + ".users WHERE name_key IS NULL OR email_key IS NULL"),
            "0");
  DirectoryQuery q;
  q.viewer = uuid(1);
  q.search = "ödö";
  auto page = must(store->directory(q), "directory");
  ASSERT_EQ(page.entries.size(), 1U);
  EXPECT_EQ(page.entries[0].user.email, "old@example.test");
  q.search = "";
  page = must(store->directory(q), "directory");
  ASSERT_EQ(page.entries.size(), 3U);
  EXPECT_EQ(page.entries[0].user.name, "Zoë");  // zoë < émile < ödön, bytewise as in SQLite
  EXPECT_EQ(page.entries[2].user.name, "Ödön");
  NewJob job;
  job.kind = "after-upgrade";
  EXPECT_TRUE(jobs_of(*store)->enqueue_job(job, kT0).ok()) << "migration 6 made the job queue";
}

// A database of the release before groups (schema version 6) with a private chat, its
// messages and a pin: migration 7 keeps them all as they were, private chats count their two
// members and stay at version 0, old messages are text; and groups work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeGroups) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    const User alice = make_user(*store, 1, "alice");
    const User bob = make_user(*store, 2, "bob");
    make_user(*store, 3, "carol");
    chat = must(store->find_or_create_private_chat(uuid(10), alice.id, bob.id, kT0), "chat");
    for (std::uint64_t i = 0; i < 3; ++i) {
      must(std::move(store->append_messages({message_to(chat, uuid(20 + i), alice.id, "m")})[0]), "append");
    }
    must(store->pin(uuid(21), bob.id, kT0 + 1, 10), "pin");
    before = all_messages(*store, chat.id);
  }
  ASSERT_EQ(schema.admin().scalar(without_groups(s) + "DELETE FROM " + s + ".schema_version WHERE version >= 7"), "");
  ASSERT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"), "6");

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(schema.admin().scalar("SELECT member_count || ' ' || version FROM " + s + ".chats"), "2 0");
  EXPECT_EQ(schema.admin().scalar("SELECT string_agg(DISTINCT role || ' ' || visible_after_seq, ',') FROM " + s +
                                  ".chat_participants"),
            "0 0");
  EXPECT_EQ(schema.admin().scalar("SELECT string_agg(DISTINCT kind, ',') FROM " + s + ".messages"), "text");
  const Chat read = must(store->chat_by_id(chat.id), "chat_by_id");
  EXPECT_EQ(read.participants, chat.participants);
  EXPECT_EQ(read.last_seq, 3);
  EXPECT_FALSE(read.group.has_value());
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    before[i].change_seq = 0;  // undone with migration 9: the pin's change came before the feed
    conformance::expect_same_message(after[i], before[i]);
  }
  EXPECT_EQ(after[1].pinned_by, uuid(2));

  NewGroup group;
  group.id = uuid(30);
  group.info.title = "After the upgrade";
  group.at = kT0;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    Member m;
    m.user_id = uuid(i);
    m.role = i == 1 ? Role::kOwner : Role::kMember;
    group.members.push_back(m);
  }
  group.created = message_to(read, uuid(31), uuid(1), "created");
  group.created.chat_id = group.id;
  group.created.recipients.clear();
  group.created.kind = "system";
  group.created.system = R"({"type":"created"})";
  const GroupEdited created = must(store->create_group(group), "create_group");
  EXPECT_EQ(created.chat.group->member_count, 3);
  EXPECT_EQ(must(store->member(group.id, uuid(3)), "member").position, 2);
  EXPECT_EQ(must(store->message_by_id(uuid(31)), "message").system, group.created.system);
  Invite invite;
  invite.token = "tok-upgrade-aaaaaaaaaa";
  invite.chat_id = group.id;
  invite.created_by = uuid(1);
  invite.created_at = kT0;
  EXPECT_EQ(must(store->create_invite(invite, 10), "create_invite"), invite) << "migration 8 made the invites";
}

// A database of the release before edits (schema version 8) with a private chat, its messages
// and a pin: migration 9 keeps them as they were, with nothing changed yet (change_seq 0, no
// edits, no deletions); and edits, deletions and the change feed work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeEdits) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    const User alice = make_user(*store, 1, "alice");
    const User bob = make_user(*store, 2, "bob");
    chat = must(store->find_or_create_private_chat(uuid(10), alice.id, bob.id, kT0), "chat");
    for (std::uint64_t i = 0; i < 3; ++i) {
      must(std::move(store->append_messages({message_to(chat, uuid(20 + i), alice.id, "m")})[0]), "append");
    }
    must(store->pin(uuid(21), bob.id, kT0 + 1, 10), "pin");
    before = all_messages(*store, chat.id);
  }
  ASSERT_EQ(schema.admin().scalar(without_lifecycle(s) + "DELETE FROM " + s + ".schema_version WHERE version >= 9"),
            "");
  ASSERT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"), "8");

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(must(store->chat_by_id(chat.id), "chat_by_id").change_seq, 0);
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    before[i].change_seq = 0;  // the pin's change came before the feed
    conformance::expect_same_message(after[i], before[i]);
  }
  EXPECT_EQ(after[1].pinned_by, uuid(2));

  const Message edited = must(store->edit_message(uuid(20), "edited", kT0 + 2), "edit_message");
  EXPECT_EQ(edited.change_seq, 1);
  EXPECT_EQ(must(store->message_versions(uuid(20)), "message_versions"),
            (std::vector<TextVersion>{{"m", before[0].created_at}, {"edited", kT0 + 2}}));
  must(store->delete_messages(chat.id, {uuid(21)}, uuid(1), kT0 + 3), "delete_messages");
  EXPECT_EQ(must(store->hide_messages(chat.id, uuid(2), {uuid(22)}, kT0 + 4), "hide_messages"), 3);
  ChangeQuery q;
  q.viewer = uuid(2);
  const auto page = must(store->changes(chat.id, q), "changes");
  ASSERT_EQ(page.messages.size(), 2U);
  EXPECT_EQ(page.messages[1].id, uuid(21));
  EXPECT_FALSE(page.messages[1].pinned_at.has_value());
  EXPECT_EQ(page.hidden, std::vector<std::string>{uuid(22)});
  EXPECT_EQ(page.until, 3);
}

// A database of the release before threads (schema version 9) with a private chat, its
// messages, an edit and a deletion: migration 10 keeps them as they were (no replies, no
// threads), and thread replies work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeThreads) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    const User alice = make_user(*store, 1, "alice");
    const User bob = make_user(*store, 2, "bob");
    chat = must(store->find_or_create_private_chat(uuid(10), alice.id, bob.id, kT0), "chat");
    for (std::uint64_t i = 0; i < 3; ++i) {
      must(std::move(store->append_messages({message_to(chat, uuid(20 + i), alice.id, "m")})[0]), "append");
    }
    must(store->edit_message(uuid(20), "edited", kT0 + 1), "edit_message");
    must(store->delete_messages(chat.id, {uuid(21)}, uuid(1), kT0 + 2), "delete_messages");
    before = all_messages(*store, chat.id);
  }
  ASSERT_EQ(schema.admin().scalar(without_threads(s) + "DELETE FROM " + s + ".schema_version WHERE version >= 10"), "");
  ASSERT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"), "9");

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) conformance::expect_same_message(after[i], before[i]);

  NewMessage reply = message_to(chat, uuid(30), uuid(2), "in the thread");
  reply.thread_root_id = uuid(20);
  const Appended appended = must(std::move(store->append_messages({reply})[0]), "append");
  ASSERT_TRUE(appended.thread_root.has_value());
  EXPECT_EQ(appended.thread_root->thread_count, 1);
  EXPECT_EQ(appended.thread_root->thread_participants, std::vector<std::string>{uuid(2)});
  EXPECT_EQ(appended.thread_root->change_seq, 3) << "after the edit's and the deletion's";
  FollowedQuery q;
  q.user_id = uuid(1);
  const auto followed = must(store->followed_threads(q), "followed_threads");
  ASSERT_EQ(followed.size(), 1U);
  EXPECT_EQ(followed[0].unread, 1);
}

TEST(PostgresStore, RefusesASchemaNewerThanItsCode) {
  TestSchema schema;
  open_postgres_store(schema.url()).reset();
  schema.admin().scalar("INSERT INTO " + schema.name() + ".schema_version (version, applied_at) VALUES (9999, 0)");
  try {
    open_postgres_store(schema.url());
    FAIL() << "opened a schema from the future";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("9999"), std::string::npos) << e.what();
  }
}

TEST(PostgresSchema, AStepOutsideATransactionRunsAsSuch) {
  // CREATE INDEX CONCURRENTLY fails inside a transaction block: this list migrates only when
  // step 2 runs outside one, and each step is recorded.
  TestSchema schema;
  auto db = postgres::Connection::open(schema.url(), {});
  const std::array<postgres::Migration, 3> steps{{
      {1, "a table", "CREATE TABLE live (id text PRIMARY KEY, chat_id text NOT NULL)"},
      {2, "an index built without locking writes",
       "CREATE INDEX CONCURRENTLY IF NOT EXISTS live_by_chat ON live (chat_id)", nullptr, true},
      {3, "a column", "ALTER TABLE live ADD COLUMN note text"},
  }};
  EXPECT_EQ(postgres::migrate(*db, steps), 0);
  EXPECT_EQ(schema.admin().scalar("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + schema.name() +
                                  ".schema_version"),
            "1,2,3");
  EXPECT_EQ(schema.admin().scalar("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'live_by_chat' "
                                  "AND n.nspname = '" +
                                  schema.name() + "'"),
            "t");
  EXPECT_EQ(postgres::migrate(*db, steps), 3);  // current: nothing runs again
  // Inside a transaction the same step fails, so the test above proves the difference.
  const std::array<postgres::Migration, 1> inside{{
      {1, "an index in a transaction", "CREATE INDEX CONCURRENTLY other_by_chat ON live (chat_id)"},
  }};
  TestSchema other;
  auto db2 = postgres::Connection::open(other.url(), {});
  other.admin().scalar("CREATE TABLE " + other.name() + ".live (id text PRIMARY KEY, chat_id text NOT NULL)");
  EXPECT_THROW(postgres::migrate(*db2, inside), std::runtime_error);
}

}  // namespace
}  // namespace parley::store
