// Tests of the PostgreSQL store's locks against a real server: two stores (as two processes)
// on one database write other chats at once and the same chat in turn, never deadlock, add up
// their reactions to one message, scale with the stores, and the account check alone runs
// exclusively. Same server and rules as postgres_store_test.cpp (test_schema.hpp).
#include "store/postgres/postgres_store.hpp"

#include "store/postgres/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <latch>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace parley::store {
namespace {

using conformance::all_messages;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::range;
using conformance::seqs_of;
using conformance::uuid;
using postgres::testing::Admin;
using postgres::testing::TestSchema;
using Clock = std::chrono::steady_clock;

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
  EXPECT_EQ(seqs_of(all_messages(*first, held.id)), range(1, 2));
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
    EXPECT_EQ(seqs_of(all_messages(*first, chat.id)), range(1, 2 * kThreadsPerStore * kRounds));
  }
}

// Two people toggle one emoji on one message at once, each through a store of their own (as
// two processes): each change reads the counts with the message's row locked and recomputes
// them from the rows, so they add up, and none deadlocks.
TEST(PostgresStore, TwoStoresTogglingOneEmojiAddUp) {
  TestSchema schema;
  PostgresOptions first_options;
  first_options.stats = std::make_shared<PostgresStats>();
  PostgresOptions second_options;
  second_options.stats = std::make_shared<PostgresStats>();
  auto first = open_postgres_store(schema.url(), first_options);
  auto second = open_postgres_store(schema.url(), second_options);
  const User alice = make_user(*first, 1, "alice");
  const User bob = make_user(*first, 2, "bob");
  const Chat chat = must(first->find_or_create_private_chat(uuid(3), alice.id, bob.id, kT0), "chat");
  const Message m =
      must(std::move(first->append_messages({message_to(chat, uuid(4), alice.id, "race")})[0]), "append").message;

  constexpr int kToggles = 101;  // odd: each ends with the emoji on
  std::atomic<int> failures{0};
  std::latch start(2);
  std::vector<std::thread> threads;
  for (const auto& [store, user] : {std::pair{first.get(), alice.id}, std::pair{second.get(), bob.id}}) {
    threads.emplace_back([&, db = store, who = user] {
      start.arrive_and_wait();
      for (int i = 0; i < kToggles; ++i) {
        ReactionChange change;
        change.message_id = m.id;
        change.user_id = who;
        change.emoji = "🔥";
        change.at = kT0 + i;
        if (!db->react(change)) failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const Message after = must(first->message_by_id(m.id), "message_by_id");
  EXPECT_EQ(after.reactions, (std::vector<ReactionCount>{{"🔥", 2}}));
  EXPECT_EQ(after.change_seq, 2 * kToggles);
  EXPECT_EQ(must(first->unread_reactions(alice.id), "unread"), (std::vector<UnreadReactions>{{chat.id, 1, m.id}}));
  EXPECT_EQ(first_options.stats->retried_batches.load(), 0) << "the first store's writer deadlocked";
  EXPECT_EQ(second_options.stats->retried_batches.load(), 0) << "the second store's writer deadlocked";
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
    EXPECT_EQ(seqs_of(all_messages(*all[0], chat.id)), range(1, last_seq));
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
  ReactionChange reaction;
  reaction.message_id = m.id;
  reaction.user_id = bob.id;
  reaction.emoji = "👍";
  must(store->react(reaction), "react");
  must(store->read_reactions(alice.id, chat.id), "read reactions");
  must(store->count_emoji(bob.id, {"👍", "🎉"}, kT0 + 3), "count emoji");
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

}  // namespace
}  // namespace parley::store
