// The outbox relay over the PostgreSQL store while two stores on one database (as two parley
// processes) write at once. Their writers commit in parallel, so an event often commits after
// one with a higher position; the relay, reading as they write, must still deliver every event
// exactly once, and the events of each chat in commit order: message.created in seq order,
// each message's statuses after it. (A relay that remembered the last position it read, instead
// of removing what it published, would skip the late ones.)
//
// Needs the server of scripts/services.sh (store/postgres/test_schema.hpp): labelled cluster,
// one at a time with the store's own tests.
#include "events/outbox_relay.hpp"
#include "store/outbox_events.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/test_schema.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <latch>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace parley::events {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using store::Chat;
using store::OutboxEvent;
using store::Store;
using store::postgres::testing::TestSchema;

constexpr store::TimeMs kT0 = 1'700'000'000'000;

// An event log that keeps what it is given, in order, and acknowledges all of it.
class RecordingLog final : public EventLog {
 public:
  std::vector<std::int64_t> publish(const std::vector<OutboxEvent>& events, std::stop_token) override {
    std::lock_guard lock(mutex_);
    std::vector<std::int64_t> acknowledged;
    for (const auto& e : events) {
      published_.push_back(e);
      acknowledged.push_back(e.position);
    }
    grew_.notify_all();
    return acknowledged;
  }
  // Waits until `n` events were published, for at most `limit`.
  bool wait_for(std::size_t n, std::chrono::milliseconds limit) const {
    std::unique_lock lock(mutex_);
    return grew_.wait_for(lock, limit, [&] { return published_.size() >= n; });
  }
  std::vector<OutboxEvent> published() const {
    std::lock_guard lock(mutex_);
    return published_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable grew_;  // with mutex_
  std::vector<OutboxEvent> published_;    // guarded by mutex_
};

std::string uuid(std::uint64_t n) {
  char text[37];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(n));
  return text;
}

store::User user(std::uint64_t n) { return {uuid(n), "u" + std::to_string(n) + "@example.test", "u", "h", kT0, {}}; }

TEST(OutboxRelayOnPostgres, DeliversEveryEventOnceInCommitOrderPerChatWhileTwoStoresWrite) {
  TestSchema schema;
  store::PostgresOptions options;
  options.outbox = true;
  auto first = store::open_postgres_store(schema.url(), options);
  auto second = store::open_postgres_store(schema.url(), options);

  constexpr int kChats = 6;
  std::vector<Chat> chats;
  for (int i = 0; i < kChats; ++i) {
    const std::uint64_t a = 100 + 2 * static_cast<std::uint64_t>(i);
    ASSERT_TRUE(first->create_user(user(a)).ok());
    ASSERT_TRUE(first->create_user(user(a + 1)).ok());
    auto chat =
        first->find_or_create_private_chat(uuid(200 + static_cast<std::uint64_t>(i)), uuid(a), uuid(a + 1), kT0);
    ASSERT_TRUE(chat.ok());
    chats.push_back(*chat);
  }
  std::atomic<std::size_t> written{static_cast<std::size_t>(kChats)};  // events committed: chat.created so far

  auto log = std::make_unique<RecordingLog>();
  RecordingLog& recorded = *log;
  RelayOptions relay_options;
  relay_options.batch = 16;  // many rounds, each reading while the writers commit
  OutboxRelay relay(*first, std::move(log), relay_options);

  constexpr int kThreads = 4;
  constexpr int kPerThread = 150;
  std::atomic<std::uint64_t> next_id{1000};
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *first : *second;
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        const Chat& chat = chats[static_cast<std::size_t>((t + i) % kChats)];
        const std::string& sender = chat.participants[static_cast<std::size_t>(i % 2)];
        const std::string& recipient = chat.participants[static_cast<std::size_t>(1 - i % 2)];
        store::NewMessage m;
        m.id = uuid(next_id++);
        m.chat_id = chat.id;
        m.sender_id = sender;
        m.content = "m";
        m.created_at = kT0 + i;
        m.recipients = {recipient};
        if (i % 3 == 0) m.delivered_to = {recipient};  // stored with a message.status
        auto appended = store.append_messages({m});
        if (!appended[0]) {
          failures.fetch_add(1);
          continue;
        }
        written += 1 + appended[0]->delivered.size();
        if (i % 4 == 1) {
          auto changes = store.raise_status(recipient, {m.id}, store::Status::kRead, kT0 + i);
          if (changes) {
            written += changes->size();
          } else {
            failures.fetch_add(1);
          }
        }
        if (i % 10 == 5) {
          if (store.record_event(store::outbox::presence_changed(sender, true, std::nullopt, kT0 + i))) {
            ++written;
          } else {
            failures.fetch_add(1);
          }
        }
        relay.notify();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  // Everything committed is relayed; the relay is told once more, and polls anyway.
  relay.notify();
  EXPECT_TRUE(recorded.wait_for(written.load(), 30s)) << "not every event was relayed";
  relay.stop();
  EXPECT_EQ(first->outbox_pending(10).value().size(), 0U) << "events left in the outbox";

  const auto published = recorded.published();
  EXPECT_EQ(published.size(), written.load());
  std::set<std::string> ids;
  std::map<std::string, std::int64_t> last_position;      // by key
  std::map<std::string, std::vector<std::int64_t>> seqs;  // message.created per chat, as published
  std::set<std::string> created;                          // messages whose message.created came
  for (const auto& e : published) {
    EXPECT_TRUE(ids.insert(e.id).second) << "published twice: " << e.type << " " << e.id;
    auto& last = last_position[e.key];
    EXPECT_GT(e.position, last) << "out of order within key " << e.key;
    last = e.position;
    const auto payload = json::parse(e.payload).as_object();
    if (e.type == store::outbox::kMessageCreated) {
      seqs[e.key].push_back(payload.at("seq").as_int64());
      created.insert(std::string(payload.at("messageId").as_string()));
    } else if (e.type == store::outbox::kMessageStatus) {
      EXPECT_TRUE(created.contains(std::string(payload.at("messageId").as_string()))) << "a status before its message";
    }
  }
  for (const auto& chat : chats) {
    const auto& got = seqs[chat.id];
    std::vector<std::int64_t> expected(got.size());
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<std::int64_t>(i + 1);
    EXPECT_EQ(got, expected) << "chat " << chat.id;
    EXPECT_EQ(static_cast<std::int64_t>(got.size()), first->chat_by_id(chat.id).value().last_seq);
  }
}

}  // namespace
}  // namespace parley::events
