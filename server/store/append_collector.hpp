// Concurrent callers' appends stored by one write operation, for both store backends. Each
// socket's sends reach the store as a call of their own; alone, each would be an operation
// (a statement or a round trip) in the writer. Here the caller that finds no operation queued
// submits one (the collector); when it runs on the writer thread, it takes every append queued
// by then and stores them all at once; after the commit, the collector hands each caller its
// own results. The writer may ask for the operation's messages before running it, to lock
// their chats (store/group_commit.hpp, WriteLocks); that takes them too. A batch that runs
// again keeps what it took; if the writer never runs the operation (it stopped), every caller
// it would have served gets the error.
//
// Threading: append() from any thread; it blocks until the caller's messages are committed or
// failed, like any write.
#pragma once

#include "store/store.hpp"

#include <cstddef>
#include <functional>
#include <future>
#include <iterator>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace parley::store {

template <class Db>
class AppendCollector {
 public:
  using Results = std::vector<Result<Appended>>;
  // The messages an operation stores. Called on the writer thread when the operation is
  // declared or run, any number of times: the first call takes every append queued by then.
  using Take = std::function<const std::vector<NewMessage>&()>;
  // Runs an operation in the store's writer and waits for its commit.
  using Submit = std::function<Result<bool>(Take, std::function<Result<bool>(Db&)>)>;
  // Stores messages inside that operation: one result per message.
  using StoreAll = std::function<Result<Results>(Db&, const std::vector<NewMessage>&)>;

  AppendCollector(Submit submit, StoreAll store_all) : submit_(std::move(submit)), store_all_(std::move(store_all)) {}

  Results append(const std::vector<NewMessage>& messages) {
    if (messages.empty()) return {};
    auto mine = std::make_shared<Request>();
    mine->messages = &messages;
    auto answer = mine->done.get_future();
    bool collector = false;
    {
      std::lock_guard lock(mutex_);
      pending_.push_back(mine);
      collector = !std::exchange(queued_, true);
    }
    if (!collector) return answer.get();

    // Written on the writer thread, read here after the operation is over.
    std::vector<std::shared_ptr<Request>> taken;
    std::vector<NewMessage> all;
    bool took = false;
    const Take take = [&]() -> const std::vector<NewMessage>& {
      if (took) return all;
      {
        std::lock_guard lock(mutex_);
        taken = std::move(pending_);
        pending_.clear();
        queued_ = false;
      }
      took = true;
      for (const auto& r : taken) all.insert(all.end(), r->messages->begin(), r->messages->end());
      return all;
    };
    auto stored = submit_(take, [&](Db& db) -> Result<bool> {
      auto results = store_all_(db, take());
      if (!results) return util::fail(results.error());
      auto next = results->begin();
      for (auto& r : taken) {
        const auto n = static_cast<std::ptrdiff_t>(r->messages->size());
        r->results.assign(std::make_move_iterator(next), std::make_move_iterator(next + n));
        next += n;
      }
      return true;
    });
    if (!took) take();
    Results own;
    for (auto& r : taken) {
      Results results =
          stored ? std::move(r->results) : Results(r->messages->size(), Result<Appended>(util::fail(stored.error())));
      if (r == mine) {
        own = std::move(results);
      } else {
        r->done.set_value(std::move(results));
      }
    }
    return own;
  }

 private:
  struct Request {
    const std::vector<NewMessage>* messages = nullptr;  // the caller's, alive until `done`
    Results results;                                    // set on the writer thread
    std::promise<Results> done;                         // for callers other than the collector
  };

  const Submit submit_;
  const StoreAll store_all_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Request>> pending_;  // guarded by mutex_
  bool queued_ = false;                            // guarded by mutex_: an operation will take them
};

}  // namespace parley::store
