// A fixed pool of read-only connections to the SQLite store. A caller leases one for the
// duration of a read and gives it back when the lease ends; when all are leased, callers wait.
// Each connection keeps its own prepared statements, so a statement is prepared once per
// connection. Thread-safe; the pool must outlive its leases.
#pragma once

#include "store/sqlite/connection.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace parley::store::sqlite {

class ReaderPool {
 public:
  // Opens `size` read-only connections (at least one); throws std::runtime_error on failure.
  ReaderPool(const std::string& path, std::size_t size, std::chrono::milliseconds busy_timeout);

  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->give_back(std::move(db_));
    }
    Connection& operator*() const { return *db_; }
    Connection* operator->() const { return db_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> db_;
  };

  Lease acquire();  // waits while every connection is leased

 private:
  void give_back(std::unique_ptr<Connection> db);

  std::mutex mutex_;
  std::condition_variable available_;              // guarded by mutex_
  std::vector<std::unique_ptr<Connection>> free_;  // guarded by mutex_
};

// A read transaction on a leased connection, so that several statements see one snapshot.
// Ends (COMMIT of a read, releasing the snapshot) when destroyed.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  bool ok() const { return ok_; }

 private:
  Connection& db_;
  bool ok_;
};

}  // namespace parley::store::sqlite
