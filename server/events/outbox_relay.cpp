#include "events/outbox_relay.hpp"

#include "util/ids.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

namespace parley::events {

OutboxRelay::OutboxRelay(store::OutboxStore& store, std::unique_ptr<EventLog> log, RelayOptions options)
    : store_(store),
      log_(std::move(log)),
      options_(options),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

OutboxRelay::~OutboxRelay() { stop(); }

void OutboxRelay::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void OutboxRelay::stop() {
  thread_.request_stop();  // wakes wake_ waits through their stop_token
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::run(const std::stop_token& stop) {
  auto backoff = options_.min_backoff;
  while (!stop.stop_requested()) {
    bool idle = false;
    if (!round(stop, idle)) {
      back_off(stop, backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    backoff = options_.min_backoff;
    if (idle) wait_for_work(stop);
  }
}

bool OutboxRelay::round(const std::stop_token& stop, bool& idle) {
  {
    // Cleared before reading, so a notify() for a commit after this read is not lost.
    std::lock_guard lock(mutex_);
    notified_ = false;
  }
  auto pending = store_.outbox_pending(options_.batch);
  if (!pending) {
    stats_.store_errors.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (pending->empty()) {
    stats_.lag_ms.store(0, std::memory_order_relaxed);
    idle = true;
    return true;
  }
  stats_.lag_ms.store(std::max<std::int64_t>(0, util::now_ms() - pending->front().at), std::memory_order_relaxed);
  const auto delivered = log_->publish(*pending, stop);
  stats_.rounds.fetch_add(1, std::memory_order_relaxed);
  const auto failed = static_cast<std::int64_t>(pending->size() - delivered.size());
  stats_.failed.fetch_add(failed, std::memory_order_relaxed);
  if (!delivered.empty()) {
    if (auto r = store_.outbox_remove(delivered); !r) {
      // They stay pending and go out again: duplicates, which consumers drop by id.
      stats_.store_errors.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    stats_.relayed.fetch_add(static_cast<std::int64_t>(delivered.size()), std::memory_order_relaxed);
  }
  if (failed > 0 && !stop.stop_requested()) {
    spdlog::warn("outbox relay: {} of {} events not acknowledged; retrying", failed, pending->size());
    return false;
  }
  return true;
}

void OutboxRelay::wait_for_work(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, stop, options_.poll_interval, [this] { return notified_; });
}

void OutboxRelay::back_off(const std::stop_token& stop, std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, stop, delay, [] { return false; });  // only a stop ends it early
}

}  // namespace parley::events
