#include "store/sqlite/writer.hpp"
#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace parley::store::sqlite {
namespace {

constexpr std::string_view kBegin = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
constexpr std::string_view kSavepoint = "SAVEPOINT op";
constexpr std::string_view kRelease = "RELEASE op";
constexpr std::string_view kRollbackTo = "ROLLBACK TO op";

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, std::size_t max_batch, std::shared_ptr<SqliteStats> stats)
    : db_(std::move(db)),
      max_batch_(std::max<std::size_t>(max_batch, 1)),
      stats_(stats ? std::move(stats) : std::make_shared<SqliteStats>()),
      thread_([this] {
        util::name_this_thread("parley-sqlite-w");
        loop();
      }) {}

Writer::~Writer() { stop(); }

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool Writer::enqueue(std::unique_ptr<Operation> op) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(std::move(op));
  }
  wake_.notify_one();
  return true;
}

void Writer::loop() {
  Batch batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit(batch);
    batch.clear();
  }
}

void Writer::commit(Batch& batch) {
  if (!exec(kBegin)) return fail_all(batch, Errc::kUnavailable);
  for (auto& op : batch) {
    if (!run_one(*op)) {
      if (db_->in_transaction()) exec(kRollback);
      stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
      return fail_all(batch, Errc::kUnavailable);
    }
  }
  if (!exec(kCommit)) {
    if (db_->in_transaction()) exec(kRollback);
    stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
    return fail_all(batch, Errc::kUnavailable);
  }
  const auto size = static_cast<std::int64_t>(batch.size());
  stats_->commits.fetch_add(1, std::memory_order_relaxed);
  stats_->operations.fetch_add(size, std::memory_order_relaxed);
  auto largest = stats_->largest_batch.load(std::memory_order_relaxed);
  while (size > largest && !stats_->largest_batch.compare_exchange_weak(largest, size, std::memory_order_relaxed)) {
  }
  for (auto& op : batch) op->complete();
}

bool Writer::run_one(Operation& op) {
  if (!exec(kSavepoint)) return false;
  const bool keep = op.run(*db_);
  // After some errors (disk full, I/O) SQLite rolls back the whole transaction by itself.
  if (!db_->in_transaction()) return false;
  if (keep) return exec(kRelease);
  return exec(kRollbackTo) && exec(kRelease);
}

bool Writer::exec(std::string_view sql) {
  Query q(*db_, sql);
  return q.run().ok();
}

void Writer::fail_all(Batch& batch, Errc e) {
  for (auto& op : batch) op->fail(e);
}

void Writer::report(const std::exception& e) { spdlog::error("sqlite writer: operation threw: {}", e.what()); }

}  // namespace parley::store::sqlite
