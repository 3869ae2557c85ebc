// AppendCollector's hand-over, with a stand-in writer: a "database" that records what each
// operation stored, and submit functions that run the operation as a writer would, run it
// twice (a batch that ran again), or never run it (a stopped writer).
#include "store/append_collector.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace parley::store {
namespace {

struct FakeDb {
  std::vector<std::size_t> operation_sizes;             // messages per operation run
  std::vector<std::vector<std::string>> operation_ids;  // the ids of those messages
};

using Take = AppendCollector<FakeDb>::Take;

NewMessage message(const std::string& content) {
  NewMessage m;
  m.id = content;
  m.content = content;
  return m;
}

// Stores each message as a Message whose content is the message's and seq its position.
Result<AppendCollector<FakeDb>::Results> store_all(FakeDb& db, const std::vector<NewMessage>& all) {
  db.operation_sizes.push_back(all.size());
  db.operation_ids.emplace_back();
  for (const auto& m : all) db.operation_ids.back().push_back(m.id);
  AppendCollector<FakeDb>::Results out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    Message m;
    m.id = all[i].id;
    m.content = all[i].content;
    m.seq = static_cast<std::int64_t>(i + 1);
    out.emplace_back(Appended{m, false, {}, {}});
  }
  return out;
}

TEST(AppendCollector, ConcurrentCallersShareOperationsAndEachGetsItsOwnResults) {
  FakeDb db;
  std::mutex writer;  // one operation at a time, like the writer thread
  std::atomic<int> submits{0};
  AppendCollector<FakeDb> collector(
      [&](const Take&, const std::function<Result<bool>(FakeDb&)>& fn) -> Result<bool> {
        ++submits;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a commit takes a while
        std::lock_guard lock(writer);
        return fn(db);
      },
      store_all);
  constexpr int kThreads = 8;
  constexpr int kCalls = 50;
  std::barrier start(kThreads);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kCalls; ++i) {
        const std::string a = std::to_string(t) + "/" + std::to_string(i) + "/a";
        const std::string b = std::to_string(t) + "/" + std::to_string(i) + "/b";
        auto results = collector.append({message(a), message(b)});
        if (results.size() != 2 || !results[0] || !results[1] || results[0]->message.content != a ||
            results[1]->message.content != b || results[1]->message.seq != results[0]->message.seq + 1) {
          ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0) << "a caller got results that were not its own, or out of order";
  std::size_t stored = 0;
  for (auto n : db.operation_sizes) stored += n;
  EXPECT_EQ(stored, static_cast<std::size_t>(2 * kThreads * kCalls));
  EXPECT_LT(submits.load(), kThreads * kCalls) << "callers should share operations";
}

// A writer that declares each operation's locks first, as the PostgreSQL one does: the
// messages it is shown then are exactly those the operation stores, though others keep
// appending meanwhile (they go to the next operation).
TEST(AppendCollector, AnOperationStoresTheMessagesItDeclared) {
  FakeDb db;
  std::mutex writer;
  std::vector<std::vector<std::string>> declared;  // guarded by writer
  AppendCollector<FakeDb> collector(
      [&](const Take& take, const std::function<Result<bool>(FakeDb&)>& fn) -> Result<bool> {
        std::lock_guard lock(writer);
        declared.emplace_back();
        for (const auto& m : take()) declared.back().push_back(m.id);
        std::this_thread::yield();  // let other callers queue between declaring and running
        return fn(db);
      },
      store_all);
  constexpr int kThreads = 8;
  constexpr int kCalls = 50;
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kCalls; ++i) {
        auto results = collector.append({message(std::to_string(t) + "/" + std::to_string(i))});
        if (results.size() != 1 || !results[0]) ++failed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(db.operation_ids, declared);
  std::size_t stored = 0;
  for (auto n : db.operation_sizes) stored += n;
  EXPECT_EQ(stored, static_cast<std::size_t>(kThreads * kCalls));
}

TEST(AppendCollector, AnOperationThatRunsAgainStoresWhatItTookAgain) {
  FakeDb db;
  AppendCollector<FakeDb> collector(
      [&](const Take&, const std::function<Result<bool>(FakeDb&)>& fn) -> Result<bool> {
        (void)fn(db);  // lost (a deadlock, say), then run again
        return fn(db);
      },
      store_all);
  auto results = collector.append({message("x"), message("y")});
  ASSERT_EQ(results.size(), 2U);
  ASSERT_TRUE(results[0] && results[1]);
  EXPECT_EQ(results[0]->message.content, "x");
  EXPECT_EQ(results[1]->message.content, "y");
  EXPECT_EQ(db.operation_sizes, (std::vector<std::size_t>{2, 2}));
}

TEST(AppendCollector, WhenTheWriterNeverRunsTheOperationEveryCallerGetsTheError) {
  std::atomic<bool> release{false};
  std::atomic<int> submits{0};
  AppendCollector<FakeDb> collector(
      [&](const Take&, const std::function<Result<bool>(FakeDb&)>&) -> Result<bool> {
        ++submits;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a stopping writer
        return util::fail(Errc::kUnavailable);
      },
      store_all);
  std::vector<AppendCollector<FakeDb>::Results> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] { results[t] = collector.append({message(std::to_string(t))}); });
  }
  // The first caller submits; the others queue behind its operation, which never runs.
  while (submits.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  release = true;
  for (auto& th : threads) th.join();
  for (const auto& r : results) {
    ASSERT_EQ(r.size(), 1U);
    EXPECT_FALSE(r[0]);
    EXPECT_EQ(r[0].error(), Errc::kUnavailable);
  }
  // Nothing is left queued: the next caller is served by an operation of its own.
  release = true;
  EXPECT_FALSE(collector.append({message("later")})[0]);
  EXPECT_GE(submits.load(), 2);
}

}  // namespace
}  // namespace parley::store
