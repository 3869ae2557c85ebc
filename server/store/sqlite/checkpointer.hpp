// Copies the SQLite WAL into the database file on a thread of its own, so that commits do not
// wait for it. Without it the connection that commits runs the checkpoint when the WAL passes
// wal_autocheckpoint pages: that commit, and every caller in its batch, waits for tens of
// megabytes of copying and an fsync of the database file. The writer's own autocheckpoint
// stays as a backstop, set much higher, for when this thread falls behind.
//
// Threading: owns one read-write connection and its thread; PASSIVE checkpoints never block
// the writer or the readers. Errors are logged and retried on the next round.
#pragma once

#include "store/sqlite/connection.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace parley::store::sqlite {

class Checkpointer {
 public:
  // Opens its connection to `path` (throws std::runtime_error like Connection::open).
  Checkpointer(const std::string& path, std::chrono::milliseconds busy_timeout,
               std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  ~Checkpointer();  // stops the thread and closes the connection
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  void run();

  std::unique_ptr<Connection> db_;  // used only by the thread
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;     // last: starts once everything above is ready
};

}  // namespace parley::store::sqlite
