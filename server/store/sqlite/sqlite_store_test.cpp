// Tests of the SQLite store: the conformance suite on temporary database files, plus what only
// this backend has: files that survive close, reopen and kill -9; migrations; group commit.
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/test_files.hpp"

#include "store/job_store_conformance.hpp"
#include "store/sqlite/schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <set>
#include <thread>
#include <vector>

namespace parley::store {
namespace {

using sqlite::testing::TempDir;

using conformance::all_messages;
using conformance::error_of;
using conformance::JobStoreConformance;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::StoreConformance;
using conformance::uuid;

class SqliteBackend final : public conformance::Backend {
 public:
  std::unique_ptr<Store> open() override { return open_sqlite_store(dir_.file("parley.db")); }
  std::unique_ptr<Store> open_with_outbox() override {
    SqliteOptions options;
    options.outbox = true;
    return open_sqlite_store(dir_.file("parley.db"), options);
  }

 private:
  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
                         ::testing::Values(conformance::BackendFactory{
                             "sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         conformance::backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, JobStoreConformance,
                         ::testing::Values(conformance::BackendFactory{
                             "sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         conformance::backend_name);

// ---- Helpers for the SQLite-only tests ----

// ---- Files ----

TEST(SqliteStore, KeepsEverythingAcrossReopen) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  Chat chat;
  std::vector<std::string> ids;
  {
    auto store = open_sqlite_store(path);
    const User alice = make_user(*store, 1, "alice");
    const User bob = make_user(*store, 2, "bob");
    must(store->set_last_seen(alice.id, kT0 + 42), "set_last_seen");
    must(store->create_session({uuid(3), alice.id, kT0, kT0 + 1000, false}), "create_session");
    must(store->revoke_session(uuid(3)), "revoke_session");
    chat = must(store->find_or_create_private_chat(uuid(4), alice.id, bob.id, kT0), "chat");
    for (int i = 0; i < 3; ++i) {
      ids.push_back(uuid(10 + static_cast<std::uint64_t>(i)));
      auto r = store->append_messages({message_to(chat, ids.back(), alice.id, "m" + std::to_string(i))});
      must(std::move(r[0]), "append");
    }
    must(store->raise_status(bob.id, {ids[0]}, Status::kRead, kT0 + 1), "raise");
    must(store->pin(ids[1], bob.id, kT0 + 2, 5), "pin");
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-wal") && std::filesystem::file_size(path + "-wal") > 0)
      << "closing should checkpoint the WAL into the database";

  auto store = open_sqlite_store(path);
  EXPECT_EQ(must(store->user_by_id(uuid(1)), "user").last_seen, kT0 + 42);
  EXPECT_TRUE(must(store->session_by_id(uuid(3)), "session").revoked);
  auto reopened = must(store->find_or_create_private_chat(uuid(5), uuid(2), uuid(1), kT0), "chat");
  EXPECT_EQ(reopened.id, chat.id);
  EXPECT_EQ(reopened.last_seq, 3);
  auto history = must(store->history(chat.id, {}), "history");
  ASSERT_EQ(history.size(), 3U);
  EXPECT_EQ(history[0].status, Status::kRead);
  EXPECT_EQ(history[2].content, "m2");
  auto pinned = must(store->pinned(chat.id), "pinned");
  ASSERT_EQ(pinned.size(), 1U);
  EXPECT_EQ(pinned[0].id, ids[1]);
  auto next = store->append_messages({message_to(chat, uuid(20), uuid(2), "after reopen")});
  EXPECT_EQ(must(std::move(next[0]), "append").message.seq, 4);
}

TEST(SqliteStore, TheWalIsCopiedIntoTheDatabaseInTheBackground) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  auto store = open_sqlite_store(path);
  const User alice = make_user(*store, 1, "alice");
  const User bob = make_user(*store, 2, "bob");
  const Chat chat = must(store->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");
  const auto before = std::filesystem::file_size(path);
  std::vector<NewMessage> batch;
  for (int i = 0; i < 500; ++i) {
    batch.push_back(message_to(chat, uuid(100 + static_cast<std::uint64_t>(i)), alice.id, std::string(200, 'x')));
  }
  for (auto& r : store->append_messages(batch)) must(std::move(r), "append");
  // Far below the writer's own autocheckpoint (16384 pages): only the background thread
  // copies these pages into the database file, while the store stays open.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::filesystem::file_size(path) <= before + 100 * 1024 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GT(std::filesystem::file_size(path), before + 100 * 1024) << "the WAL was not checkpointed";
  EXPECT_EQ(must(store->history(chat.id, {}), "history").size(), 50U);
}

TEST(SqliteStore, TheDirectoryReadsItsIndexInOrder) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  open_sqlite_store(path).reset();
  // SQLite's plan: a range of users_directory, no sort of the whole table.
  std::string plan;
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "EXPLAIN QUERY PLAN SELECT u.id, u.email FROM users u WHERE (u.name_key, u.id) > "
                               "('a', 'b') AND instr(u.name_key, 'x') > 0 ORDER BY u.name_key, u.id LIMIT 51",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
  EXPECT_NE(plan.find("users_directory"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST(SqliteStore, OpenFailuresThrowWithTheReason) {
  TempDir dir;
  const auto missing_dir = dir.file("no/such/dir/parley.db");
  try {
    open_sqlite_store(missing_dir);
    FAIL() << "opened a file in a missing directory";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing_dir), std::string::npos) << e.what();
  }
  const auto garbage = dir.file("garbage.db");
  std::ofstream(garbage) << std::string(8192, 'x');
  try {
    open_sqlite_store(garbage);
    FAIL() << "opened a file that is not a database";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
  }
}

// ---- Reads before writes ----

// Raising statuses that are raised already (a chat joined again) reads, and writes nothing.
TEST(SqliteStore, RaisingNothingUpToASeqCommitsNoTransaction) {
  TempDir dir;
  SqliteOptions options;
  options.stats = std::make_shared<SqliteStats>();
  options.search_index_delay = std::chrono::milliseconds(0);  // its rounds would be commits too
  auto store = open_sqlite_store(dir.file("parley.db"), options);
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

// ---- Group commit ----

struct Throughput {
  double messages_per_second;
  std::int64_t commits;
  std::int64_t operations;  // write operations committed (concurrent appends share one)
};

Throughput append_concurrently(const std::string& path, int threads, int per_thread, bool outbox = false) {
  SqliteOptions options;
  options.stats = std::make_shared<SqliteStats>();
  options.outbox = outbox;
  options.search_index_delay = std::chrono::milliseconds(0);  // its rounds would be commits too
  auto store = open_sqlite_store(path, options);
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
  const auto began = std::chrono::steady_clock::now();
  for (auto& worker : workers) worker.join();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(failures.load(), 0);
  const auto total = threads * per_thread;
  EXPECT_EQ(all_messages(*store, chat_a.id).size() + all_messages(*store, chat_b.id).size(),
            static_cast<std::size_t>(total));
  return {total / took.count(), options.stats->commits.load() - commits_before,
          options.stats->operations.load() - operations_before};
}

TEST(SqliteStore, GroupCommitBatchesConcurrentWriters) {
  TempDir dir;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  const auto single = append_concurrently(dir.file("single.db"), 1, kPerThread);
  EXPECT_EQ(single.commits, kPerThread);  // alone, every append is its own transaction
  const auto many = append_concurrently(dir.file("many.db"), kThreads, kPerThread);
  EXPECT_LT(many.commits, kThreads * kPerThread / 2) << "concurrent appends should share transactions";
  EXPECT_LT(many.operations, kThreads * kPerThread / 2) << "and operations: one stores many callers' messages";
  std::cout << "[ group commit ] 1 thread: " << static_cast<long>(single.messages_per_second) << " messages/s, "
            << single.commits << " commits; " << kThreads << " threads: " << static_cast<long>(many.messages_per_second)
            << " messages/s, " << many.commits << " commits for " << kThreads * kPerThread << " messages ("
            << many.operations << " write operations)\n";
  RecordProperty("single_thread_messages_per_second", static_cast<int>(single.messages_per_second));
  RecordProperty("eight_threads_messages_per_second", static_cast<int>(many.messages_per_second));
  RecordProperty("eight_threads_commits", static_cast<int>(many.commits));
}

// The outbox adds one row (and its JSON) per message to the same transactions.
TEST(SqliteStore, OutboxCostOnConcurrentAppends) {
  TempDir dir;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  const auto off = append_concurrently(dir.file("off.db"), kThreads, kPerThread, false);
  const auto on = append_concurrently(dir.file("on.db"), kThreads, kPerThread, true);
  SqliteOptions with_outbox;
  with_outbox.outbox = true;
  auto store = open_sqlite_store(dir.file("on.db"), with_outbox);
  EXPECT_EQ(must(store->outbox_pending(10 * kThreads * kPerThread), "outbox_pending").size(),
            static_cast<std::size_t>(2 + kThreads * kPerThread));  // two chats, then the messages
  std::cout << "[ outbox ] " << kThreads << " threads: " << static_cast<long>(off.messages_per_second)
            << " messages/s without the outbox, " << static_cast<long>(on.messages_per_second) << " with it\n";
  RecordProperty("outbox_off_messages_per_second", static_cast<int>(off.messages_per_second));
  RecordProperty("outbox_on_messages_per_second", static_cast<int>(on.messages_per_second));
}

// ---- Durability ----

// A child process appends from several threads and reports each acknowledged message through
// a pipe; it is killed with SIGKILL mid-stream. Every acknowledged message must be in the file.
TEST(SqliteStore, AcknowledgedAppendsSurviveKill9) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  Chat chat;
  {
    auto store = open_sqlite_store(path);
    make_user(*store, 1, "alice");
    make_user(*store, 2, "bob");
    chat = must(store->find_or_create_private_chat(uuid(3), uuid(1), uuid(2), kT0), "chat");
  }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto store = open_sqlite_store(path);
    constexpr int kWriters = 4;
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t) {
      writers.emplace_back([&, t] {
        for (std::uint64_t i = 0;; ++i) {
          const std::uint64_t n = 1'000'000 * static_cast<std::uint64_t>(t + 1) + i;
          auto r = store->append_messages({message_to(chat, uuid(n), uuid(1 + (i % 2)), std::to_string(n))});
          if (!r[0].ok()) _exit(3);
          if (write(fds[1], &n, sizeof n) != static_cast<ssize_t>(sizeof n)) _exit(4);
        }
      });
    }
    for (auto& writer : writers) writer.join();
    _exit(0);  // not reached
  }
  close(fds[1]);
  std::set<std::uint64_t> acknowledged;
  std::uint64_t n = 0;
  while (acknowledged.size() < 400 && read(fds[0], &n, sizeof n) == static_cast<ssize_t>(sizeof n)) {
    acknowledged.insert(n);
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child ended by itself: " << status;
  while (read(fds[0], &n, sizeof n) == static_cast<ssize_t>(sizeof n)) acknowledged.insert(n);  // sent before the kill
  close(fds[0]);
  ASSERT_GE(acknowledged.size(), 400U);

  auto store = open_sqlite_store(path);
  const auto stored = all_messages(*store, chat.id);
  std::set<std::uint64_t> contents;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].seq, static_cast<std::int64_t>(i + 1));
    contents.insert(std::stoull(stored[i].content));
  }
  for (auto ack : acknowledged) EXPECT_TRUE(contents.count(ack)) << "acknowledged message " << ack << " was lost";
  EXPECT_EQ(must(store->chat_by_id(chat.id), "chat").last_seq, static_cast<std::int64_t>(stored.size()));
}

}  // namespace
}  // namespace parley::store
