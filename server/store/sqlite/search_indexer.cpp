#include "store/sqlite/search_indexer.hpp"

#include "util/thread_name.hpp"

namespace parley::store::sqlite {

SearchIndexer::SearchIndexer(std::function<bool(std::size_t)> index, std::chrono::milliseconds delay, std::size_t batch)
    : index_(std::move(index)), delay_(delay), batch_(batch) {
  thread_ = std::thread([this] { run(); });
}

SearchIndexer::~SearchIndexer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SearchIndexer::poke() {
  std::lock_guard lock(mutex_);
  if (pending_) return;  // a round is coming; no need to wake the thread for each send
  pending_ = true;
  wake_.notify_one();
}

void SearchIndexer::run() {
  util::name_this_thread("parley-sqlite-fts");
  std::unique_lock lock(mutex_);
  bool more = false;  // the last round left rows waiting: go on without a delay
  while (true) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    // Let the batch grow for a moment (the first round too: the store is still starting).
    if (!more && wake_.wait_for(lock, delay_, [this] { return stopping_; })) return;
    if (stopping_) return;
    pending_ = false;
    lock.unlock();
    more = index_(batch_);
    lock.lock();
    if (more) pending_ = true;
  }
}

}  // namespace parley::store::sqlite
