// Keeps the trigram index of the messages' search forms close behind the SQLite writer. A send
// stores its message's search row in its own transaction; the index follows a batch at a time:
// a short while after the first new row, this thread has the writer index every row not yet
// indexed, in one transaction. FTS5 writes a segment per transaction and merges segments as
// they pile up, so an index entry written with each commit cost the single writer several times
// what it costs in a batch of hundreds (bench/results/2026-12-06-search.md). Searches test the
// rows not yet indexed one by one, so a search right after a send still finds its message.
//
// Threading: poke() from any thread; `index` runs on this object's thread (it submits to the
// writer and waits). Starts with a round (rows left from before a restart). The destructor
// stops the thread after the round in flight; the writer must outlive this object.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>

namespace parley::store::sqlite {

class SearchIndexer {
 public:
  // index(batch): indexes up to `batch` rows; true when more are waiting, false when none are
  // or it failed (the next poke tries again; searches meanwhile test the rows left).
  SearchIndexer(std::function<bool(std::size_t batch)> index, std::chrono::milliseconds delay, std::size_t batch);
  ~SearchIndexer();
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  // New rows were stored: a round runs within `delay`.
  void poke();

 private:
  void run();

  const std::function<bool(std::size_t)> index_;
  const std::chrono::milliseconds delay_;
  const std::size_t batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = true;    // guarded by mutex_: rows may be waiting
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;     // last: starts once everything above is ready
};

}  // namespace parley::store::sqlite
