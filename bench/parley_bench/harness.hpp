// The load generator's common parts: options, client threads, users and chats made over REST,
// connecting many clients with bounded concurrency, latency percentiles, the server process's
// memory and CPU from /proc, and the one-line JSON report.
//
// Threading: clients run on `Loops` (one io_context per thread); scenario state of a client is
// touched only on its own thread. The main thread waits on `Progress` counters.
#pragma once

#include "sio_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace parley::bench {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string scenario;
  Target target;                     // REST, and sockets when `ports` is empty
  std::vector<std::uint16_t> ports;  // --port A,B,...: socket i connects to ports[i % n]
  int threads = 1;                   // client I/O threads
  int seconds = 10;                  // measured duration
  int warmup = 1;                    // seconds before measuring
  int pairs = 50;                    // throughput, latency
  int window = 64;                   // unacknowledged messages per sender (throughput, fan-out)
  double rate = 2000;                // messages per second in total (latency; group_fanout when set)
  bool rate_set = false;             // --rate was given
  int connections = 1000;            // idle, reconnect
  int devices = 100;                 // sockets per user (idle, reconnect)
  int group = 1000;                  // receiving sockets (fan-out); members (typing: 200 unless given)
  bool group_set = false;            // --group was given
  int typists = 50;                  // typing: members who type; reactions: members who react
  int interval_ms = 3000;            // typing: a typist's typing:start every this many ms
  int hidden = 0;                    // idle: percent of users who share their last seen with nobody
  int size = 64;                     // message content bytes
  int concurrency = 500;             // connection handshakes in flight at once
  int sources = 1;                   // loopback source addresses 127.0.0.1 .. 127.0.0.N
  int server_pid = 0;                // for RSS and CPU figures; 0: not reported
  std::string label;                 // free text copied into the report (the shape, say)
};

// Where socket `index` connects: one instance, or the instances in turn.
Target target_of(const Options& opt, std::size_t index);

// I/O threads for the clients.
class Loops {
 public:
  explicit Loops(int threads);
  ~Loops();
  boost::asio::io_context& at(std::size_t i) { return *contexts_[i % contexts_.size()]; }
  std::size_t size() const { return contexts_.size(); }
  void stop();  // lets the threads finish and joins them

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
};

// A counter the client threads raise and the main thread reads; no locks on the hot path.
// Release/acquire, so what a thread wrote before raising it is visible to whoever saw it rise.
class Counter {
 public:
  void add(std::int64_t n = 1) { value_.fetch_add(n, std::memory_order_acq_rel); }
  std::int64_t value() const { return value_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// The main thread's wait: checks `done()` every 10 ms until it holds (true) or the timeout
// passes (false). Client threads are never blocked by it.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

struct User {
  std::string id;
  std::string token;
};

// Registers `count` users (in parallel) and returns them; throws with the server's answer when
// one fails. Emails are unique per run, so a benchmark can run against a used database.
std::vector<User> register_users(const Options& opt, int count);
// The private chat of a and b (created by a).
std::string open_chat(const Options& opt, const User& a, const User& b);
// A group of `owner` with `members` (added 200 at a time); its id. Throws on failure.
std::string create_group(const Options& opt, const User& owner, const std::vector<User>& members);

std::optional<boost::asio::ip::address> source_address(const Options& opt, std::size_t index);

// Connects `count` clients with at most opt.concurrency handshakes at once. make(i) creates
// client i on the given context; ready(i, error) runs on its thread when it connected or failed.
// Returns once every client has finished its handshake or the timeout passed.
void connect_all(const Options& opt, Loops& loops, int count,
                 const std::function<std::shared_ptr<SioClient>(int i, boost::asio::io_context&)>& make,
                 const std::function<void(int i, const std::string& error)>& ready,
                 std::chrono::seconds timeout = std::chrono::seconds(120));

// Whether an acknowledgement is not {status: "ok"} (an error, or not an object at all).
bool is_error_ack(const boost::json::value& ack);

// Members of a scenario that each connect one socket and join one chat's room.
struct Joining {
  int count = 0;
  std::function<std::string(int i)> token_of;
  std::function<std::string(int i)> chat_of;
  // Member i's callbacks; runs on its thread, where it may set up the member's own state.
  std::function<SioCallbacks(int i, boost::asio::io_context&)> callbacks_of;
  std::function<std::shared_ptr<SioClient>&(int i)> client_of;  // where client i is kept
  Counter* joined = nullptr;
  Counter* connect_errors = nullptr;  // handshakes refused (the first three are printed)
  Counter* errors = nullptr;          // joins refused
};
// Connects and joins every member (connect_all, then chat:join); true when all did within 60 s.
bool connect_and_join(const Options& opt, Loops& loops, const Joining& j);

// Delivery latencies in microseconds, merged from the client threads.
class Latencies {
 public:
  void add(std::vector<double>& samples);  // takes them
  boost::json::object summary();           // p50, p90, p99, p99_9, max in microseconds

 private:
  std::mutex mutex_;
  std::vector<double> all_;
};

// The server's resident memory and CPU time, from /proc/<pid>.
struct ProcSample {
  std::int64_t rss_kib = 0;
  double cpu_seconds = 0;
  bool ok = false;
};
ProcSample sample_process(int pid);

std::int64_t now_ns();
std::int64_t per_second(std::int64_t count,
                        double seconds);  // rounded  // steady clock, for latencies inside one process

// Prints one JSON line: {"scenario", "label", ...fields}.
void report(const Options& opt, const boost::json::object& fields);

}  // namespace parley::bench
