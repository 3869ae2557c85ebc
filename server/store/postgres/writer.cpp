#include "store/postgres/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace parley::store::postgres {
namespace {

// The prefix of lock_key(); a macro only to splice it into the SQL below.
#define PARLEY_KEY_LOCK "parley.key."

constexpr std::string_view kBegin = "BEGIN";
// The global lock (writer.hpp): shared by the batches that lock what they change, exclusive
// for those that run alone. The number is the one every batch of the previous release took.
constexpr std::string_view kShareTurn = "SELECT pg_advisory_xact_lock_shared(7311168221700358761)";
constexpr std::string_view kRunAlone = "SELECT pg_advisory_xact_lock(7311168221700358761)";
// The names' locks, in the order of their keys, one at a time (a volatile function in the
// select list runs after the sort); and the same with the chats of messages ($2).
constexpr std::string_view kLockNames =
    "SELECT pg_advisory_xact_lock(k) FROM "
    "(SELECT DISTINCT hashtextextended(n, 0) AS k FROM unnest($1::text[]) AS n) AS keys ORDER BY k";
constexpr std::string_view kLockNamesAndChatsOf =
    "SELECT pg_advisory_xact_lock(k) FROM "
    "(SELECT hashtextextended(n, 0) AS k FROM unnest($1::text[]) AS n"
    " UNION SELECT hashtextextended('" PARLEY_KEY_LOCK
    "' || chat_id, 0) FROM messages WHERE id = ANY ($2::text[]))"
    " AS keys ORDER BY k";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
constexpr std::string_view kSavepoint = "SAVEPOINT op";
constexpr std::string_view kRelease = "RELEASE op";
constexpr std::string_view kRollbackTo = "ROLLBACK TO op";

constexpr int kAttempts = 2;  // a lost transaction runs once more

void sort_unique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

}  // namespace

std::string lock_key(std::string_view key) { return PARLEY_KEY_LOCK + std::string(key); }

std::string lock_name(std::string_view kind, std::string_view id) {
  return "parley." + std::string(kind) + "." + std::string(id);
}

#undef PARLEY_KEY_LOCK

WriteLocks lock_names(std::vector<std::string> names) {
  WriteLocks locks;
  locks.names = std::move(names);
  return locks;
}

WriteLocks lock_chats_of(std::vector<std::string> message_ids) {
  WriteLocks locks;
  locks.messages = std::move(message_ids);
  return locks;
}

WriteLocks lock_everything() {
  WriteLocks locks;
  locks.everything = true;
  return locks;
}

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

void Writer::add(WriteLocks& batch, const WriteLocks& op) {
  batch.names.insert(batch.names.end(), op.names.begin(), op.names.end());
  batch.messages.insert(batch.messages.end(), op.messages.begin(), op.messages.end());
  batch.everything = batch.everything || op.everything;
}

void Writer::commit(Queue::Batch& batch) {
  // Declared once: the appends take their messages here, and keep them if the batch runs again.
  WriteLocks locks;
  for (auto& op : batch) op->declare(locks);
  sort_unique(locks.names);
  sort_unique(locks.messages);
  if (locks.names.size() + locks.messages.size() > kMaxLocks) locks.everything = true;
  if (locks.everything) stats_->exclusive_batches.fetch_add(1, std::memory_order_relaxed);
  for (int attempt = 1;; ++attempt) {
    if (!connect()) {
      stats_->failed_batches.fetch_add(1, std::memory_order_relaxed);
      return Queue::fail_all(batch, Errc::kUnavailable);
    }
    const Outcome outcome = run_batch(batch, locks);
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

Writer::Outcome Writer::run_batch(Queue::Batch& batch, const WriteLocks& locks) {
  Connection& db = *db_;
  db.begin_transaction();
  db.defer(kBegin);
  if (locks.everything) {
    db.defer(kRunAlone);
  } else {
    db.defer(kShareTurn);
    if (!locks.messages.empty()) {
      // Planned for these ids: a generic plan of `id = ANY` may read the whole table.
      db.defer(kLockNamesAndChatsOf, Params(locks.names, locks.messages), Plan::kEachTime);
    } else if (!locks.names.empty()) {
      db.defer(kLockNames, Params(locks.names));
    }
  }
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
