// A fixed set of I/O threads, each running its own io_context ("shard"). A connection lives
// on one shard for its whole life, so its state needs no lock; work for another shard is
// posted to it. Used by the HTTP server (accepted sockets are spread over the shards) and by
// the realtime layer (sessions, rooms).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace parley::util {

class ShardPool {
 public:
  static constexpr std::size_t kNoShard = static_cast<std::size_t>(-1);

  explicit ShardPool(std::size_t count);
  ~ShardPool();
  ShardPool(const ShardPool&) = delete;
  ShardPool& operator=(const ShardPool&) = delete;

  std::size_t size() const { return shards_.size(); }
  boost::asio::io_context& context(std::size_t i) { return shards_[i]->ioc; }

  // The shard whose thread is calling, or kNoShard from any other thread.
  static std::size_t current();

  // Runs `fn` on shard `i`: inline when already there, posted otherwise.
  template <class Fn>
  void run_on(std::size_t i, Fn&& fn) {
    if (current() == i) {
      fn();
    } else {
      boost::asio::post(context(i), std::forward<Fn>(fn));
    }
  }

  // Starts one thread per shard; returns at once.
  void start();
  // Lets each thread return once its shard has no work left (graceful shutdown).
  void release();
  // Makes every thread return as soon as possible. Safe from any thread.
  void stop();
  // Waits for the threads. Call from the thread that called start().
  void join();
  // Stops and joins the threads, then destroys every handler still queued, without running
  // it. An owner whose objects those handlers (suspended coroutines) refer to calls this
  // before destroying them; the destructor does it otherwise.
  void discard();

 private:
  // An io_context whose pending handlers can be destroyed while every shard's context still
  // exists (see discard).
  struct Context : boost::asio::io_context {
    explicit Context(int concurrency_hint) : boost::asio::io_context(concurrency_hint) {}
    using boost::asio::execution_context::shutdown;
  };
  struct Shard {
    Context ioc{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  };
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<std::thread> threads_;
};

}  // namespace parley::util
