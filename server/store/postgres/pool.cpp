#include "store/postgres/pool.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace parley::store::postgres {

ReaderPool::ReaderPool(std::string url, std::size_t size, Connection::Options options,
                       std::shared_ptr<PostgresStats> stats)
    : url_(std::move(url)), options_(options), stats_(std::move(stats)), free_slots_(std::max<std::size_t>(size, 1)) {}

ReaderPool::Lease ReaderPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return free_slots_ > 0; });
  --free_slots_;
  std::unique_ptr<Connection> db;
  if (!idle_.empty()) {
    db = std::move(idle_.back());
    idle_.pop_back();
  }
  return Lease(*this, std::move(db));
}

void ReaderPool::give_back(std::unique_ptr<Connection> db) {
  {
    std::lock_guard lock(mutex_);
    if (db && !db->broken()) idle_.push_back(std::move(db));  // a broken one is closed here
    ++free_slots_;
  }
  available_.notify_one();
}

std::unique_ptr<Connection> ReaderPool::open() {
  try {
    auto db = Connection::open(url_, options_);
    if (down_.exchange(false)) spdlog::info("postgres store: read connections are back");
    return db;
  } catch (const std::runtime_error& e) {
    if (!down_.exchange(true)) spdlog::warn("postgres store: read connection: {}", e.what());
    return nullptr;
  }
}

Connection* ReaderPool::Lease::connect() {
  if (db_ && !db_->broken()) return db_.get();
  if (db_) pool_->stats_->reconnects.fetch_add(1, std::memory_order_relaxed);
  db_ = pool_->open();
  return db_.get();
}

}  // namespace parley::store::postgres
