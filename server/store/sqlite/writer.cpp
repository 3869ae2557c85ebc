#include "store/sqlite/writer.hpp"

namespace parley::store::sqlite {
namespace {

constexpr std::string_view kBegin = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
constexpr std::string_view kSavepoint = "SAVEPOINT op";
constexpr std::string_view kRelease = "RELEASE op";
constexpr std::string_view kRollbackTo = "ROLLBACK TO op";

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, std::size_t max_batch, std::chrono::microseconds window,
               std::shared_ptr<SqliteStats> stats)
    : db_(std::move(db)),
      stats_(stats ? std::move(stats) : std::make_shared<SqliteStats>()),
      queue_(
          max_batch, "parley-sqlite-w", [this](Queue::Batch& batch) { commit(batch); }, window) {}

void Writer::commit(Queue::Batch& batch) {
  if (!exec(kBegin)) return Queue::fail_all(batch, Errc::kUnavailable);
  for (auto& op : batch) {
    if (!run_one(*op)) return failed(batch);
  }
  if (!exec(kCommit)) return failed(batch);
  stats_->record_commit(batch.size());
  for (auto& op : batch) op->complete();
}

void Writer::failed(Queue::Batch& batch) {
  if (db_->in_transaction()) exec(kRollback);
  stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
  Queue::fail_all(batch, Errc::kUnavailable);
}

bool Writer::run_one(Queue::Operation& op) {
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

}  // namespace parley::store::sqlite
