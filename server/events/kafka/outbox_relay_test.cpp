// Tests of the outbox relay with the Kafka event log, against librdkafka's mock cluster (real
// Kafka protocol over TCP on loopback, several brokers): a SQLite store with the outbox takes
// changes from several threads, the relay moves them to the topic, and a consumer group reads
// them back. Every committed event must arrive, in seq order per chat once duplicates are
// dropped by id, across relay restarts and broker errors.
#include "events/outbox_relay.hpp"
#include "events/kafka/kafka_event_log.hpp"
#include "store/outbox_events.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <boost/json/parse.hpp>
// After rdkafka.h, which it requires.
#include <librdkafka/rdkafka_mock.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace parley::events {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using store::Chat;
using store::OutboxEvent;
using store::Status;
using store::Store;

constexpr const char* kTopic = "parley.events";
constexpr int kBrokers = 3;
constexpr int kPartitions = 6;
constexpr std::int16_t kProduceApiKey = 0;  // the Kafka protocol's ApiKey of Produce
constexpr store::TimeMs kT0 = 1'700'000'000'000;

// A directory of its own under the system's temporary directory, removed with what is in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parley-relay-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// librdkafka's mock cluster: kBrokers brokers on loopback and the events topic, replicated.
// The C API needs a client handle for its bookkeeping; a plain producer does.
class MockCluster {
 public:
  MockCluster() {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "2", error, sizeof error);
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (handle_ == nullptr) throw std::runtime_error(std::string("rd_kafka_new: ") + error);
    cluster_ = rd_kafka_mock_cluster_new(handle_, kBrokers);
    if (cluster_ == nullptr) throw std::runtime_error("rd_kafka_mock_cluster_new failed");
    if (rd_kafka_mock_topic_create(cluster_, kTopic, kPartitions, kBrokers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error("rd_kafka_mock_topic_create failed");
    }
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
  }
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }
  rd_kafka_mock_cluster_t* get() const { return cluster_; }
  void set_all_brokers(bool up) const {
    for (int id = 1; id <= kBrokers; ++id) {
      up ? rd_kafka_mock_broker_set_up(cluster_, id) : rd_kafka_mock_broker_set_down(cluster_, id);
    }
  }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

// One record as the consumer saw it.
struct Record {
  std::int32_t partition = 0;
  std::string key;
  std::string id;    // header
  std::string type;  // header
  json::object payload;
};

std::string header(RdKafka::Message& message, const char* name) {  // headers() is not const
  RdKafka::Headers* headers = message.headers();
  if (headers == nullptr) return {};
  const auto h = headers->get_last(name);
  if (h.err() != RdKafka::ERR_NO_ERROR || h.value() == nullptr) return {};
  return std::string(static_cast<const char*>(h.value()), h.value_size());
}

// A member of a consumer group reading the events topic from the start, keeping every record
// in the order it arrived (which within a partition is the log's order).
class Consumer {
 public:
  explicit Consumer(const std::string& brokers) {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    std::string error;
    for (const auto& [name, value] : std::map<std::string, std::string>{
             {"bootstrap.servers", brokers},
             {"group.id", "relay-test-" + std::to_string(getpid())},
             {"auto.offset.reset", "earliest"},
             {"session.timeout.ms", "6000"},  // the default 45 s would slow every group join
             {"heartbeat.interval.ms", "500"},
             {"log_level", "2"}}) {
      if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) throw std::runtime_error(name + ": " + error);
    }
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
    if (!consumer_) throw std::runtime_error("consumer: " + error);
    if (consumer_->subscribe({kTopic}) != RdKafka::ERR_NO_ERROR) throw std::runtime_error("subscribe failed");
  }
  ~Consumer() { consumer_->close(); }
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Waits up to 100 ms for records; the step of every wait in these tests.
  void poll() {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(100));
    while (message && message->err() == RdKafka::ERR_NO_ERROR) {
      Record r;
      r.partition = message->partition();
      r.key = message->key() ? *message->key() : std::string();
      r.id = header(*message, "id");
      r.type = header(*message, "type");
      r.payload =
          json::parse(std::string_view(static_cast<const char*>(message->payload()), message->len())).as_object();
      ids_.insert(r.id);
      records_.push_back(std::move(r));
      message.reset(consumer_->consume(0));
    }
  }

  // Polls until `done` holds or `limit` passes; returns `done`'s last answer.
  template <class Done>
  bool poll_until(Done done, std::chrono::seconds limit = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      poll();
    }
    return true;
  }

  const std::vector<Record>& records() const { return records_; }
  const std::set<std::string>& ids() const { return ids_; }

 private:
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::vector<Record> records_;
  std::set<std::string> ids_;
};

// What the writers committed: the events that must reach the topic.
struct Committed {
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> messages;  // message ids per chat, in seq order
  std::size_t events = 0;                                    // every event the changes wrote
  std::size_t size() {
    std::lock_guard lock(mutex);
    return events;
  }
};

// Users, private chats among them, and writer threads making changes in them.
class Workload {
 public:
  static constexpr int kUsers = 6;

  Workload(Store& store, Committed& committed) : store_(store), committed_(committed) {
    for (int i = 0; i < kUsers; ++i) {
      store::User u{id(), "u" + std::to_string(i) + "@example.test", "u" + std::to_string(i), "hash", kT0, {}};
      users_.push_back(must(store_.create_user(u)).id);
    }
    for (int i = 0; i < kUsers; ++i) {
      chats_.push_back(must(store_.find_or_create_private_chat(
          id(), users_[static_cast<std::size_t>(i)], users_[static_cast<std::size_t>((i + 1) % kUsers)], kT0)));
    }
    std::lock_guard lock(committed_.mutex);
    committed_.events += chats_.size();  // chat.created
  }

  // `threads` writers, each making `per_thread` messages (with a status change for every third
  // and a presence event for every tenth); `after_commit` runs after each write.
  void run(
      int threads, int per_thread, const std::function<void()>& after_commit = [] {}) {
    std::latch start(threads);
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t) {
      writers.emplace_back([&, t] {
        start.arrive_and_wait();
        for (int i = 0; i < per_thread; ++i) {
          write_one(chats_[static_cast<std::size_t>((t + i) % kUsers)], i);
          after_commit();
        }
      });
    }
    for (auto& w : writers) w.join();
  }

  // The same number of messages in few large appends: a quick way to fill the outbox.
  void fill(int messages) {
    std::vector<store::NewMessage> batch;
    for (int i = 0; i < messages; ++i) {
      batch.push_back(new_message(chats_[static_cast<std::size_t>(i % kUsers)], 0));
      if (batch.size() == 500 || i + 1 == messages) {
        for (auto& r : store_.append_messages(batch)) record(must(std::move(r)).message);
        batch.clear();
      }
    }
  }

  const std::vector<Chat>& chats() const { return chats_; }

 private:
  template <class T>
  static T must(store::Result<T> r) {
    if (!r) throw std::runtime_error("store call failed");
    return std::move(r).value();
  }

  // A fresh UUID string.
  std::string id() {
    const auto n = next_.fetch_add(1);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(n));
    return buffer;
  }

  store::NewMessage new_message(const Chat& chat, int i) {
    const auto& sender = chat.participants[static_cast<std::size_t>(i % 2)];
    store::NewMessage m;
    m.id = id();
    m.chat_id = chat.id;
    m.sender_id = sender;
    m.content = "hello " + std::to_string(i);
    m.created_at = kT0 + i;
    m.recipients = {chat.participants[static_cast<std::size_t>(1 - i % 2)]};
    return m;
  }

  void record(const store::Message& m, std::size_t more_events = 0) {
    std::lock_guard lock(committed_.mutex);
    auto& ids = committed_.messages[m.chat_id];
    if (ids.size() < static_cast<std::size_t>(m.seq)) ids.resize(static_cast<std::size_t>(m.seq));
    ids[static_cast<std::size_t>(m.seq - 1)] = m.id;
    committed_.events += 1 + more_events;
  }

  void write_one(const Chat& chat, int i) {
    const auto m = new_message(chat, i);
    auto appended = store_.append_messages({m});
    const auto message = must(std::move(appended[0])).message;
    std::size_t more = 0;
    if (i % 3 == 0) more += must(store_.raise_status(m.recipients[0], {m.id}, Status::kDelivered, kT0 + i)).size();
    if (i % 10 == 0) {
      must(store_.record_event(store::outbox::presence_changed(m.sender_id, true, std::nullopt, kT0 + i)));
      ++more;
    }
    record(message, more);
  }

  static void must(store::Result<void> r) {
    if (!r) throw std::runtime_error("store call failed");
  }

  Store& store_;
  Committed& committed_;
  std::atomic<std::uint64_t> next_{1};
  std::vector<std::string> users_;
  std::vector<Chat> chats_;
};

// Everything committed arrived, and each chat's messages, duplicates dropped by id (the first
// copy kept), came in seq order. Records agree with their headers.
void expect_complete_and_ordered(const Consumer& consumer, Committed& committed) {
  std::lock_guard lock(committed.mutex);
  EXPECT_EQ(consumer.ids().size(), committed.events);
  std::set<std::string> seen;
  std::map<std::string, std::vector<std::string>> order;  // chat -> message ids, first copies
  std::size_t duplicates = 0;
  for (const auto& r : consumer.records()) {
    EXPECT_EQ(r.payload.at("id").as_string(), r.id);
    EXPECT_EQ(r.payload.at("type").as_string(), r.type);
    const auto* key = r.payload.if_contains(r.type.starts_with("presence.") ? "userId" : "chatId");
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(key->as_string(), r.key);
    if (!seen.insert(r.id).second) {
      ++duplicates;
      continue;
    }
    if (r.type == "message.created") order[r.key].push_back(std::string(r.payload.at("messageId").as_string()));
  }
  for (const auto& [chat, ids] : committed.messages) {
    EXPECT_EQ(order[chat], ids) << "chat " << chat << ": messages missing or out of seq order";
  }
  std::cout << "[ relay ] " << consumer.records().size() << " records, " << seen.size() << " distinct, " << duplicates
            << " duplicates\n";
}

class OutboxRelayTest : public ::testing::Test {
 protected:
  OutboxRelayTest() {
    store::SqliteOptions options;
    options.outbox = true;
    store_ = store::open_sqlite_store(dir_.file("parley.db"), options);
    kafka_.brokers = cluster_.bootstraps();
    kafka_.topic = kTopic;
    relay_options_.poll_interval = 200ms;
    relay_options_.min_backoff = 20ms;
    relay_options_.max_backoff = 500ms;
  }

  std::unique_ptr<OutboxRelay> start_relay() {
    return std::make_unique<OutboxRelay>(*store_, make_kafka_event_log(kafka_), relay_options_);
  }

  std::size_t pending() { return store_->outbox_pending(100000).value().size(); }

  TempDir dir_;
  MockCluster cluster_;
  std::unique_ptr<Store> store_;
  KafkaOptions kafka_;
  RelayOptions relay_options_;
  Committed committed_;
};

TEST_F(OutboxRelayTest, RelaysEveryCommittedEventInSeqOrderPerChat) {
  Workload workload(*store_, committed_);
  auto relay = start_relay();
  workload.run(4, 150, [&] { relay->notify(); });
  Consumer consumer(kafka_.brokers);
  ASSERT_TRUE(consumer.poll_until([&] { return consumer.ids().size() >= committed_.size(); }))
      << consumer.ids().size() << " of " << committed_.size() << " events arrived";
  expect_complete_and_ordered(consumer, committed_);
  ASSERT_TRUE(consumer.poll_until([&] { return pending() == 0; }, 10s)) << "the outbox was not emptied";
  EXPECT_EQ(relay->stats().relayed.load(), static_cast<std::int64_t>(committed_.size()));
  EXPECT_EQ(relay->stats().failed.load(), 0);
  EXPECT_EQ(relay->stats().lag_ms.load(), 0);
}

TEST_F(OutboxRelayTest, ARestartMidStreamLosesNothing) {
  Workload workload(*store_, committed_);
  Consumer consumer(kafka_.brokers);
  auto relay = start_relay();
  std::atomic<int> writes{0};
  workload.run(4, 150, [&] {
    // The 200th write stops the first relay while the writers are busy; a second relay starts
    // after them.
    if (writes.fetch_add(1) + 1 == 200) relay->stop();
    relay->notify();
  });
  const auto relayed_before = relay->stats().relayed.load();
  EXPECT_GT(pending(), 0U) << "the writers outlasted the first relay, leaving events for the second";
  relay = start_relay();
  ASSERT_TRUE(consumer.poll_until([&] { return consumer.ids().size() >= committed_.size(); }))
      << consumer.ids().size() << " of " << committed_.size() << " events arrived";
  expect_complete_and_ordered(consumer, committed_);
  std::cout << "[ relay ] first relay moved " << relayed_before << " events before it stopped\n";
}

TEST_F(OutboxRelayTest, SurvivesProduceErrorsAndBrokersGoingDown) {
  kafka_.message_timeout = 1500ms;  // so that a broker outage fails deliveries quickly
  Workload workload(*store_, committed_);
  Consumer consumer(kafka_.brokers);
  auto relay = start_relay();

  // Retriable errors on Produce requests: the idempotent producer retries them itself.
  std::vector<rd_kafka_resp_err_t> errors;
  for (int i = 0; i < 12; ++i) {
    errors.push_back(i % 2 == 0 ? RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS : RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE);
  }
  rd_kafka_mock_push_request_errors_array(cluster_.get(), kProduceApiKey, errors.size(), errors.data());
  workload.run(2, 60, [&] { relay->notify(); });
  ASSERT_TRUE(consumer.poll_until([&] { return consumer.ids().size() >= committed_.size(); }));

  // Every broker down: deliveries time out, the relay backs off and keeps the events.
  cluster_.set_all_brokers(false);
  workload.run(2, 60, [&] { relay->notify(); });
  ASSERT_TRUE(consumer.poll_until([&] { return relay->stats().failed.load() > 0; }))
      << "no delivery failed while every broker was down";
  EXPECT_GT(pending(), 0U);
  cluster_.set_all_brokers(true);

  ASSERT_TRUE(consumer.poll_until([&] { return consumer.ids().size() >= committed_.size(); }))
      << consumer.ids().size() << " of " << committed_.size() << " events arrived";
  expect_complete_and_ordered(consumer, committed_);
  ASSERT_TRUE(consumer.poll_until([&] { return pending() == 0; }, 10s));
  std::cout << "[ relay ] " << relay->stats().failed.load() << " deliveries failed and were retried\n";
}

TEST_F(OutboxRelayTest, Throughput) {
  constexpr int kMessages = 20000;
  Workload workload(*store_, committed_);
  workload.fill(kMessages);
  const auto total = static_cast<std::int64_t>(committed_.size());
  Consumer consumer(kafka_.brokers);  // its polls are the waiting steps below
  const auto began = std::chrono::steady_clock::now();
  auto relay = start_relay();
  ASSERT_TRUE(consumer.poll_until([&] { return relay->stats().relayed.load() >= total; }, 120s));
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
  const auto per_second = static_cast<double>(total) / took.count();
  std::cout << "[ relay ] " << total << " events relayed in " << took.count() << " s: " << static_cast<long>(per_second)
            << " events/s\n";
  RecordProperty("events_per_second", static_cast<int>(per_second));
  EXPECT_EQ(pending(), 0U);
}

}  // namespace
}  // namespace parley::events
