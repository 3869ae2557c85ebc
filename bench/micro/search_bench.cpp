// Micro-benchmarks of search: the search form of a message's text (what every send of a text
// message computes for the index), and the chat switcher's people lookup (users_by_prefix) on a
// SQLite store of 100,000 users, beside the directory's substring search it replaces there.
#include "store/sqlite/sqlite_store.hpp"
#include "util/ids.hpp"
#include "util/search_text.hpp"

#include <benchmark/benchmark.h>

#include <unistd.h>
#include <array>
#include <filesystem>
#include <memory>
#include <string>

namespace {

using namespace parley;

void BM_SearchTextAscii(benchmark::State& state) {
  const std::string text = "We redeployed the billing service on Friday, see https://ci.example.com/run/42 for details";
  for (auto _ : state) benchmark::DoNotOptimize(util::search_text(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SearchTextAscii);

void BM_SearchTextMixed(benchmark::State& state) {
  const std::string text = "Größenänderungen übernommen 🎉 —明日の会議は東京で行います, Перезапустили сервер";
  for (auto _ : state) benchmark::DoNotOptimize(util::search_text(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SearchTextMixed);

constexpr std::array<const char*, 24> kFirst = {
    "Ann",   "Bob",   "Chloé", "Dmitri", "Eve",   "Fatima", "Grace", "Hiro",  "Ivan",   "Jürgen", "Kai", "Lena",
    "Mateo", "Nadia", "Omar",  "Priya",  "Quinn", "Rosa",   "Sven",  "Tariq", "Ulrike", "Vera",   "Wei", "Yara"};

// 100,000 users named "<first> <last><n>", made once for all the switcher benchmarks.
class Directory {
 public:
  static Directory& get() {
    static Directory d;
    return d;
  }
  store::Store& db() { return *db_; }

 private:
  Directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parley-bench-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    db_ = store::open_sqlite_store((dir_ / "bench.db").string());
    for (int i = 0; i < 100'000; ++i) {
      store::User u;
      u.id = util::uuid_v7();
      u.name = std::string(kFirst[static_cast<std::size_t>(i) % kFirst.size()]) + " Surname" + std::to_string(i);
      u.email = "user" + std::to_string(i) + "@bench.parley";
      u.password_hash.assign(16, 'x');
      u.created_at = util::now_ms();
      (void)db_->create_user(u).value();
    }
  }
  ~Directory() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> db_;
};

// A prefix about 4,000 users share ("ann"), and one that a handful do ("surname9999").
void BM_SwitcherPeople(benchmark::State& state, const char* prefix) {
  auto& db = Directory::get().db();
  for (auto _ : state) benchmark::DoNotOptimize(db.users_by_prefix(prefix, prefix, 10).value());
}
BENCHMARK_CAPTURE(BM_SwitcherPeople, common_prefix, "ann")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SwitcherPeople, rare_prefix, "surname9999")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SwitcherPeople, no_match, "zzq")->Unit(benchmark::kMicrosecond);

void BM_DirectorySubstring(benchmark::State& state, const char* text) {
  auto& db = Directory::get().db();
  store::DirectoryQuery q;
  q.viewer = "nobody";
  q.search = text;
  q.limit = 10;
  for (auto _ : state) benchmark::DoNotOptimize(db.directory(q).value());
}
BENCHMARK_CAPTURE(BM_DirectorySubstring, rare_text, "surname9999")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DirectorySubstring, no_match, "zzq")->Unit(benchmark::kMicrosecond);

}  // namespace
