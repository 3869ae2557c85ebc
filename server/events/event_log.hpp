// The event log: where committed outbox events go for other services to read (docs/events.md).
// Backends: kafka/ (an Apache Kafka topic, keyed by chat). The OutboxRelay is its only caller.
//
// Contract: publish() hands a batch of events to the log in the given order, waits for the
// log's acknowledgements, and returns the positions of the events the log acknowledged. Events
// of one key that were acknowledged keep their order in the log. An event not acknowledged may
// still have reached the log (then the relay sends it again: consumers dedupe by id).
// Threading: one caller at a time (the relay thread).
#pragma once

#include "store/store.hpp"

#include <cstdint>
#include <stop_token>
#include <vector>

namespace parley::events {

class EventLog {
 public:
  virtual ~EventLog() = default;
  // Publishes `events` and waits until each is acknowledged or failed, or until `stop` is
  // requested (then the unanswered ones count as not acknowledged).
  virtual std::vector<std::int64_t> publish(const std::vector<store::OutboxEvent>& events, std::stop_token stop) = 0;
};

}  // namespace parley::events
