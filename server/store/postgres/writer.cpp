#include "store/postgres/writer.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace parley::store::postgres {
namespace {

constexpr std::string_view kBegin = "BEGIN";
// Every writer transaction, of every process, first takes this one lock (held until COMMIT or
// ROLLBACK): the writers of several instances take turns instead of locking the rows of the
// same chats in different orders, which deadlocked (and a deadlock costs deadlock_timeout, a
// second, before PostgreSQL breaks it). Group commit keeps a turn's cost at one transaction.
constexpr std::string_view kTakeTurn = "SELECT pg_advisory_xact_lock(7311168221700358761)";
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
      stats_(std::move(stats)),
      queue_(max_batch, "parley-pg-w", [this](Queue::Batch& batch) { commit(batch); }) {}

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

void Writer::commit(Queue::Batch& batch) {
  for (int attempt = 1;; ++attempt) {
    if (!connect()) {
      stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
      return Queue::fail_all(batch, Errc::kUnavailable);
    }
    const Outcome outcome = run_batch(batch);
    if (outcome == Outcome::kCommitted) {
      stats_->record_commit(batch.size());
      for (auto& op : batch) op->complete();
      return;
    }
    if (outcome == Outcome::kFailed || attempt == kAttempts) {
      stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
      return Queue::fail_all(batch, Errc::kUnavailable);
    }
    stats_->retried_batches.fetch_add(1, std::memory_order_relaxed);
  }
}

Writer::Outcome Writer::run_batch(Queue::Batch& batch) {
  Connection& db = *db_;
  db.begin_transaction();
  db.defer(kBegin);
  db.defer(kTakeTurn);
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

}  // namespace parley::store::postgres
