#include "store/postgres/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace parley::store::postgres {
namespace {

constexpr std::string_view kBegin = "BEGIN";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
constexpr std::string_view kSavepoint = "SAVEPOINT op";
constexpr std::string_view kRelease = "RELEASE op";
constexpr std::string_view kRollbackTo = "ROLLBACK TO op";

constexpr int kAttempts = 2;  // a lost transaction runs once more

}  // namespace

Writer::Writer(std::string url, Connection::Options options, std::size_t max_batch,
               std::shared_ptr<PostgresStats> stats)
    : url_(std::move(url)),
      options_(options),
      max_batch_(std::max<std::size_t>(max_batch, 1)),
      stats_(std::move(stats)),
      thread_([this] { loop(); }) {}

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

bool Writer::connect() {
  if (db_ && !db_->broken()) return true;
  if (db_) stats_->reconnects.fetch_add(1, std::memory_order_relaxed);
  db_.reset();
  try {
    db_ = Connection::open(url_, options_);
  } catch (const std::runtime_error& e) {
    if (!down_) spdlog::warn("postgres store: write connection: {}", e.what());
    down_ = true;
    return false;
  }
  if (down_) spdlog::info("postgres store: write connection is back");
  down_ = false;
  return true;
}

void Writer::commit(Batch& batch) {
  for (int attempt = 1;; ++attempt) {
    if (!connect()) {
      stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
      return fail_all(batch, Errc::kUnavailable);
    }
    const Outcome outcome = run_batch(batch);
    if (outcome == Outcome::kCommitted) {
      record_commit(batch.size());
      for (auto& op : batch) op->complete();
      return;
    }
    if (outcome == Outcome::kFailed || attempt == kAttempts) {
      stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
      return fail_all(batch, Errc::kUnavailable);
    }
    stats_->retried_batches.fetch_add(1, std::memory_order_relaxed);
  }
}

Writer::Outcome Writer::run_batch(Batch& batch) {
  Connection& db = *db_;
  db.begin_transaction();
  db.defer(kBegin);
  for (auto& op : batch) {
    db.defer(kSavepoint);
    const bool keep = op->run(db);
    if (db.lost() || db.broken()) return abandon();
    if (!keep && !db.query(kRollbackTo)) return abandon();
    db.defer(kRelease);
  }
  db.defer(kCommit);
  if (db.sync()) return Outcome::kCommitted;
  // Without an answer to COMMIT, whether it committed is unknown: never run the batch again.
  if (db.broken()) return Outcome::kFailed;
  return abandon();
}

Writer::Outcome Writer::abandon() {
  Connection& db = *db_;
  const bool retry = db.retryable();
  if (!db.broken() && !db.query(kRollback)) return Outcome::kFailed;
  return retry ? Outcome::kRetry : Outcome::kFailed;
}

void Writer::record_commit(std::size_t size) {
  const auto n = static_cast<std::int64_t>(size);
  stats_->commits.fetch_add(1, std::memory_order_relaxed);
  stats_->operations.fetch_add(n, std::memory_order_relaxed);
  auto largest = stats_->largest_batch.load(std::memory_order_relaxed);
  while (n > largest && !stats_->largest_batch.compare_exchange_weak(largest, n, std::memory_order_relaxed)) {
  }
}

void Writer::fail_all(Batch& batch, Errc e) {
  for (auto& op : batch) op->fail(e);
}

void Writer::report(const std::exception& e) { spdlog::error("postgres writer: operation threw: {}", e.what()); }

}  // namespace parley::store::postgres
