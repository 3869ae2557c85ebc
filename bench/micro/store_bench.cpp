// Micro-benchmarks of the SQLite store's write path: one append_messages call of N messages
// (one transaction, one fsync), and the delivery-status raise that follows a send. Each runs
// on a fresh database file in the system's temporary directory.
#include "store/sqlite/sqlite_store.hpp"
#include "util/ids.hpp"

#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

using namespace parley;

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<store::Store> db;
  store::Chat chat;
  std::string alice;
  std::string bob;

  Fixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parley-bench-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
    db = store::open_sqlite_store((dir / "bench.db").string());
    alice = add_user("alice");
    bob = add_user("bob");
    chat = db->find_or_create_private_chat(util::uuid_v7(), alice, bob, util::now_ms()).value();
  }
  ~Fixture() {
    db.reset();
    std::filesystem::remove_all(dir);
  }

  std::string add_user(const std::string& name) {
    store::User u;
    u.id = util::uuid_v7();
    u.email = u.id;  // unique
    u.email.append("@bench.parley");
    u.name = name;
    u.password_hash.assign(16, 'x');  // never checked here
    u.created_at = util::now_ms();
    return db->create_user(u).value().id;
  }

  std::vector<store::NewMessage> batch(std::size_t n) const {
    std::vector<store::NewMessage> out(n);
    for (auto& m : out) {
      m.id = util::uuid_v7();
      m.chat_id = chat.id;
      m.sender_id = alice;
      m.content = std::string(64, 'x');
      m.created_at = util::now_ms();
      m.client_message_id = util::uuid_v7();
      m.recipients = {bob};
    }
    return out;
  }
};

// One transaction of N messages; items/s is messages/s through one writer.
void BM_SqliteAppendBatch(benchmark::State& state) {
  Fixture f;
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto messages = f.batch(n);
    state.ResumeTiming();
    auto results = f.db->append_messages(messages);
    benchmark::DoNotOptimize(results);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_SqliteAppendBatch)->Arg(1)->Arg(16)->Arg(64)->Arg(256)->UseRealTime();

// Appending N messages to a recipient who is online, as a send batch does: their status rows
// are written DELIVERED by the append itself (NewMessage::delivered_to).
void BM_SqliteAppendAndDeliver(benchmark::State& state) {
  Fixture f;
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto messages = f.batch(n);
    for (auto& m : messages) m.delivered_to = {f.bob};
    state.ResumeTiming();
    auto results = f.db->append_messages(messages);
    benchmark::DoNotOptimize(results);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_SqliteAppendAndDeliver)->Arg(64)->UseRealTime();

}  // namespace
