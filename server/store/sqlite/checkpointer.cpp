#include "store/sqlite/checkpointer.hpp"

#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

namespace parley::store::sqlite {

Checkpointer::Checkpointer(const std::string& path, std::chrono::milliseconds busy_timeout,
                           std::chrono::milliseconds interval)
    : db_(Connection::open(path, Connection::Mode::kReadWrite, busy_timeout)), interval_(interval) {
  // The checkpoint syncs the database file before the WAL may be reused, as the writer would.
  db_->exec_or_throw("PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;", "configure the checkpointer");
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::run() {
  util::name_this_thread("parley-sqlite-ckpt");
  bool failing = false;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    Query q(*db_, "PRAGMA wal_checkpoint(PASSIVE)");
    const bool ok = q.next() && !q.failed();
    if (!ok && !failing) spdlog::warn("sqlite store: background checkpoint failed: {}", db_->error_message());
    if (ok && failing) spdlog::info("sqlite store: background checkpoints work again");
    failing = !ok;
    lock.lock();
  }
}

}  // namespace parley::store::sqlite
