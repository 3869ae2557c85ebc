// The Kafka backend of events::EventLog: an idempotent librdkafka producer (enable.idempotence,
// acks=all) writing each event to one topic with key = event key (the chat id, or the user id
// for presence), value = the JSON payload, timestamp = the event time, and headers `id` and
// `type` (docs/events.md). librdkafka's partitioner sends a key always to the same partition
// and the idempotent producer keeps order there across its own retries.
//
// An event is "not acknowledged" when its delivery report is an error: the brokers could not
// take it within message_timeout (all brokers down, leader unavailable, ...). A fatal producer
// error (possible with idempotence) makes the next publish() start a new producer.
// Threading: one caller at a time, like every EventLog; delivery reports are served on the
// calling thread, inside publish().
#pragma once

#include "events/event_log.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::events {

struct KafkaOptions {
  std::string brokers;                               // bootstrap.servers: "host:port,..."
  std::string topic = "parley.events";               // created by the operator, or by the broker's auto-create
  std::chrono::milliseconds message_timeout{30000};  // a delivery report comes within this
  std::chrono::milliseconds linger{5};               // batching delay of the producer
  // More librdkafka producer properties ("name", "value"), applied last.
  std::vector<std::pair<std::string, std::string>> properties;
};

// Creates the producer; throws std::runtime_error naming the property librdkafka refused.
std::unique_ptr<EventLog> make_kafka_event_log(const KafkaOptions& options);

}  // namespace parley::events
