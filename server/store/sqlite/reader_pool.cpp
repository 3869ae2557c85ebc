#include "store/sqlite/reader_pool.hpp"

#include <algorithm>

namespace parley::store::sqlite {

ReaderPool::ReaderPool(const std::string& path, std::size_t size, std::chrono::milliseconds busy_timeout) {
  size = std::max<std::size_t>(size, 1);
  free_.reserve(size);
  for (std::size_t i = 0; i < size; ++i) {
    free_.push_back(Connection::open(path, Connection::Mode::kReadOnly, busy_timeout));
  }
}

ReaderPool::Lease ReaderPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !free_.empty(); });
  auto db = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(db));
}

void ReaderPool::give_back(std::unique_ptr<Connection> db) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(db));
  }
  available_.notify_one();
}

ReadTransaction::ReadTransaction(Connection& db) : db_(db) {
  Query begin(db_, "BEGIN");
  ok_ = begin.run().ok();
}

ReadTransaction::~ReadTransaction() {
  if (!ok_) return;
  Query end(db_, "COMMIT");
  if (!end.run().ok()) {
    Query rollback(db_, "ROLLBACK");
    (void)rollback.run();
  }
}

}  // namespace parley::store::sqlite
