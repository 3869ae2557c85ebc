#include "app/event_relay.hpp"

#include "events/kafka/kafka_event_log.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace parley::app {

std::unique_ptr<events::OutboxRelay> start_event_relay(const Config& config, store::Store& store) {
  events::KafkaOptions kafka;
  kafka.brokers = config.kafka;
  kafka.topic = config.kafka_topic;
  std::unique_ptr<events::EventLog> log;
  try {
    log = events::make_kafka_event_log(kafka);
  } catch (const std::runtime_error& e) {
    throw ConfigError(std::string("kafka: ") + e.what());
  }
  spdlog::info("publishing events to Kafka topic '{}' at {}", config.kafka_topic, config.kafka);
  return std::make_unique<events::OutboxRelay>(store, std::move(log));
}

}  // namespace parley::app
