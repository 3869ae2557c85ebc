#include "util/shards.hpp"
#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

namespace parley::util {
namespace {
thread_local std::size_t t_current_shard = ShardPool::kNoShard;
}  // namespace

ShardPool::ShardPool(std::size_t count) {
  if (count == 0) count = 1;
  shards_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto s = std::make_unique<Shard>();
    s->guard.emplace(s->ioc.get_executor());
    shards_.push_back(std::move(s));
  }
}

ShardPool::~ShardPool() { discard(); }

void ShardPool::discard() {
  release();
  stop();
  join();
  // Handlers still queued are destroyed, not run. Destroying one may post to another shard (a
  // coroutine's frame that goes away posts its cleanup to its own shard), so every shard's
  // queue is emptied, a few rounds for what those posts queue, before any context is freed.
  for (int round = 0; round < 4; ++round) {
    for (auto& s : shards_) s->ioc.shutdown();
  }
}

std::size_t ShardPool::current() { return t_current_shard; }

void ShardPool::start() {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    threads_.emplace_back([this, i] {
      t_current_shard = i;
      name_this_thread("parley-io-" + std::to_string(i));
      try {
        shards_[i]->ioc.run();
      } catch (const std::exception& e) {
        // Handlers do not throw on the data path; reaching this is a bug, so fail loudly.
        spdlog::critical("shard {}: unhandled exception: {}", i, e.what());
        std::abort();
      }
      t_current_shard = kNoShard;
    });
  }
}

void ShardPool::release() {
  for (auto& s : shards_) s->guard.reset();
}

void ShardPool::stop() {
  for (auto& s : shards_) s->ioc.stop();
}

void ShardPool::join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace parley::util
