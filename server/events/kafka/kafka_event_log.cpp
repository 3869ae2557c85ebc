#include "events/kafka/kafka_event_log.hpp"

#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <stdexcept>

namespace parley::events {
namespace {

constexpr int kPollMs = 50;  // how often a waiting publish() looks at its stop token

// Delivery reports of the current batch. A report carries its event's batch number and index
// (as the message opaque); reports of an earlier batch (abandoned at stop) are ignored.
class Deliveries final : public RdKafka::DeliveryReportCb {
 public:
  void start(std::size_t size) {
    ++batch_;
    acknowledged_.assign(size, false);
    outstanding_ = 0;
  }
  void* tag(std::size_t index) const {
    // batch_ in the high bits, the index in the low 32: both fit in a pointer on 64-bit.
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>((batch_ << 32) | index));
  }
  void sent() { ++outstanding_; }
  std::size_t outstanding() const { return outstanding_; }
  bool acknowledged(std::size_t index) const { return acknowledged_[index]; }
  bool fatal() const { return fatal_; }

  void dr_cb(RdKafka::Message& message) override {
    const auto tag = reinterpret_cast<std::uintptr_t>(message.msg_opaque());
    if ((tag >> 32) != batch_) return;
    const auto index = static_cast<std::size_t>(tag & 0xffffffffU);
    if (index >= acknowledged_.size()) return;
    --outstanding_;
    if (message.err() == RdKafka::ERR_NO_ERROR) {
      acknowledged_[index] = true;
    } else {
      if (message.err() == RdKafka::ERR__FATAL) fatal_ = true;
      spdlog::debug("kafka: delivery failed: {}", message.errstr());
    }
  }

 private:
  std::uint64_t batch_ = 0;
  std::vector<bool> acknowledged_;
  std::size_t outstanding_ = 0;
  bool fatal_ = false;
};

// librdkafka's logs and errors go to spdlog instead of stderr.
class Logger final : public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override {
    switch (event.type()) {
      case RdKafka::Event::EVENT_ERROR:
        spdlog::warn("kafka: {} ({})", event.str(), RdKafka::err2str(event.err()));
        break;
      case RdKafka::Event::EVENT_LOG:
        spdlog::debug("kafka: {} {}", event.fac(), event.str());
        break;
      default:
        break;
    }
  }
};

class KafkaEventLog final : public EventLog {
 public:
  explicit KafkaEventLog(KafkaOptions options) : options_(std::move(options)) { connect(); }
  ~KafkaEventLog() override { close(); }

  std::vector<std::int64_t> publish(const std::vector<store::OutboxEvent>& events, std::stop_token stop) override {
    if (deliveries_->fatal()) connect();
    deliveries_->start(events.size());
    for (std::size_t i = 0; i < events.size() && !stop.stop_requested(); ++i) produce(events[i], i, stop);
    while (deliveries_->outstanding() > 0 && !stop.stop_requested()) producer_->poll(kPollMs);
    std::vector<std::int64_t> acknowledged;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (deliveries_->acknowledged(i)) acknowledged.push_back(events[i].position);
    }
    return acknowledged;
  }

 private:
  // Drops the producer without waiting: its unacknowledged events stay in the outbox.
  void close() {
    if (!producer_) return;
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    producer_->flush(0);
    producer_.reset();
  }

  // A new producer (and its delivery state), replacing one that hit a fatal error.
  void connect() {
    close();  // before its Deliveries go: destroying it may still report to them
    deliveries_ = std::make_unique<Deliveries>();
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    std::string error;
    const auto set = [&](const std::string& name, const std::string& value) {
      if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
        throw std::runtime_error("kafka: cannot set " + name + "=" + value + ": " + error);
      }
    };
    set("bootstrap.servers", options_.brokers);
    set("enable.idempotence", "true");
    set("acks", "all");
    set("message.timeout.ms", std::to_string(options_.message_timeout.count()));
    set("linger.ms", std::to_string(options_.linger.count()));
    for (const auto& [name, value] : options_.properties) set(name, value);
    if (conf->set("dr_cb", deliveries_.get(), error) != RdKafka::Conf::CONF_OK ||
        conf->set("event_cb", &logger_, error) != RdKafka::Conf::CONF_OK) {
      throw std::runtime_error("kafka: cannot set callbacks: " + error);
    }
    producer_.reset(RdKafka::Producer::create(conf.get(), error));
    if (!producer_) throw std::runtime_error("kafka: cannot create the producer: " + error);
  }

  // Hands one event to the producer, waiting while its queue is full.
  void produce(const store::OutboxEvent& event, std::size_t index, const std::stop_token& stop) {
    for (;;) {
      std::unique_ptr<RdKafka::Headers> headers(RdKafka::Headers::create());
      headers->add("id", event.id);
      headers->add("type", event.type);
      // RK_MSG_COPY: the producer copies the payload, so the const_cast never lets it write.
      const auto err =
          producer_->produce(options_.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                             const_cast<char*>(event.payload.data()), event.payload.size(), event.key.data(),
                             event.key.size(), event.at, headers.get(), deliveries_->tag(index));
      if (err == RdKafka::ERR_NO_ERROR) {
        headers.release();  // NOLINT(bugprone-unused-return-value): the producer owns them now
        deliveries_->sent();
        return;
      }
      if (err != RdKafka::ERR__QUEUE_FULL || stop.stop_requested()) {
        spdlog::warn("kafka: cannot produce event {}: {}", event.id, RdKafka::err2str(err));
        return;
      }
      producer_->poll(kPollMs);  // serves delivery reports, which frees room in the queue
    }
  }

  const KafkaOptions options_;
  Logger logger_;
  std::unique_ptr<Deliveries> deliveries_;  // outlives the producer that calls it
  std::unique_ptr<RdKafka::Producer> producer_;
};

}  // namespace

std::unique_ptr<EventLog> make_kafka_event_log(const KafkaOptions& options) {
  return std::make_unique<KafkaEventLog>(options);
}

}  // namespace parley::events
