// The read connections of the PostgreSQL store: a fixed number of slots, each holding a
// connection or nothing (before its first use, or after it broke). A caller leases a slot for
// one read; connect() opens its connection when there is none, so a pool whose server went
// away recovers on the next leases once the server is back. When every slot is leased, callers
// wait. Thread-safe; the pool must outlive its leases.
#pragma once

#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_store.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace parley::store::postgres {

class ReaderPool {
 public:
  ReaderPool(std::string url, std::size_t size, Connection::Options options, std::shared_ptr<PostgresStats> stats);

  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), db_(std::move(other.db_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->give_back(std::move(db_));
    }
    // The slot's connection, opened now if it has none or it broke; nullptr when the server
    // cannot be reached.
    Connection* connect();

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> db_;  // may be null
  };

  Lease acquire();  // waits while every slot is leased

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> db);
  std::unique_ptr<Connection> open();  // nullptr when it fails

  const std::string url_;
  const Connection::Options options_;
  std::shared_ptr<PostgresStats> stats_;
  std::atomic<bool> down_{false};  // the last connect failed: log the outage once

  std::mutex mutex_;
  std::condition_variable available_;              // guarded by mutex_
  std::size_t free_slots_;                         // guarded by mutex_
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_: open connections not leased
};

}  // namespace parley::store::postgres
