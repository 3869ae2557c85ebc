// The outbox relay: moves committed events from a store's outbox to an event log (Kafka). Its
// own thread loops: read the oldest events (store.outbox_pending), publish them, wait for the
// log's acknowledgements, remove only the acknowledged ones (store.outbox_remove). Delivery is
// at least once: a crash or a stop between publish and remove sends those events again later.
//
// Reading order. The relay keeps no cursor: what it published and the log acknowledged is
// removed, and each round reads the oldest events still there. That matters when several
// processes write at once (the cluster): positions are taken before commit, so an event may
// commit after events of other keys with higher positions that a round has already published.
// Nothing skips it: it stays in the outbox, and the first round after its commit reads it. A
// cursor (the highest position published) would lose it. Within one key, positions follow
// commit order (every writer holds the key's lock from taking its events' positions to its
// commit: store.hpp, store/postgres/writer.hpp), so what a round reads of one key is the
// oldest of its pending events, and the log gets each key's events in commit order, a chat's
// message.created in seq order. Several relays on one outbox (one per process) each publish
// what they read: duplicates, which consumers drop by id; each key's order holds in each relay.
//
// Wake-up: when the outbox is empty the thread sleeps until notify() (the app calls it after
// a commit that wrote events) or until poll_interval passes, which bounds the lag of events
// written without a notify (another process, a missed call).
// Errors: a store that cannot answer or a log that acknowledged only part of a batch make the
// thread wait with a bounded exponential backoff (min_backoff doubling up to max_backoff),
// reset by the next clean round.
// Threading: notify(), stats() and stop() may be called from any thread. The store must
// outlive the relay; the relay owns its log.
#pragma once

#include "events/event_log.hpp"
#include "store/store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace parley::events {

struct RelayOptions {
  std::size_t batch = 500;  // events read and published per round
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{10000};
};

// Counters for metrics and tests; relaxed atomics, readable at any time.
struct RelayStats {
  std::atomic<std::int64_t> relayed{0};       // events acknowledged by the log and removed
  std::atomic<std::int64_t> failed{0};        // events the log did not acknowledge (sent again later)
  std::atomic<std::int64_t> store_errors{0};  // outbox reads or removals that failed
  std::atomic<std::int64_t> rounds{0};        // batches published
  std::atomic<std::int64_t> lag_ms{0};        // age of the oldest pending event at the last read; 0 when empty
};

class OutboxRelay {
 public:
  // Starts the thread.
  OutboxRelay(store::OutboxStore& store, std::unique_ptr<EventLog> log, RelayOptions options = {});
  ~OutboxRelay();  // stop()
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // New events were committed: look at the outbox now instead of at the next poll.
  void notify();
  // Ends the current round (removing what was acknowledged), then the thread. Idempotent.
  void stop();
  const RelayStats& stats() const { return stats_; }

 private:
  void run(const std::stop_token& stop);
  // One read-publish-remove round; false when it met an error (the caller backs off).
  bool round(const std::stop_token& stop, bool& idle);
  void wait_for_work(const std::stop_token& stop);
  void back_off(const std::stop_token& stop, std::chrono::milliseconds delay);

  store::OutboxStore& store_;
  std::unique_ptr<EventLog> log_;  // used only by the relay thread
  const RelayOptions options_;
  RelayStats stats_;

  std::mutex mutex_;
  std::condition_variable_any wake_;  // with mutex_
  bool notified_ = false;             // guarded by mutex_

  std::jthread thread_;  // last: starts after everything above is ready
};

}  // namespace parley::events
