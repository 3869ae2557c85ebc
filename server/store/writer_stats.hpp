// Counters of a store's group-commit writer (store/group_commit.hpp), shared by the backends'
// stats structs; relaxed atomics, readable from any thread at any time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace parley::store {

// Counters of a group-commit writer, for metrics and tests; relaxed atomics.
struct WriterStats {
  std::atomic<std::int64_t> commits{0};         // write transactions committed
  std::atomic<std::int64_t> operations{0};      // write operations in committed transactions
  std::atomic<std::int64_t> failed_batches{0};  // write transactions that could not commit
  std::atomic<std::int64_t> largest_batch{0};   // most operations in one transaction

  void record_commit(std::size_t size) {
    const auto n = static_cast<std::int64_t>(size);
    commits.fetch_add(1, std::memory_order_relaxed);
    operations.fetch_add(n, std::memory_order_relaxed);
    auto largest = largest_batch.load(std::memory_order_relaxed);
    while (n > largest && !largest_batch.compare_exchange_weak(largest, n, std::memory_order_relaxed)) {
    }
  }
};

}  // namespace parley::store
