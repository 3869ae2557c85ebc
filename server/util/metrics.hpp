// Process-wide counters for GET /metrics, rendered in the Prometheus text format. Every field
// is a relaxed atomic, written from any I/O thread and read by the scraper; each sits on its
// own cache line so the threads do not contend on writes.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace parley::util {

struct alignas(64) Counter {
  std::atomic<std::int64_t> value{0};
  void add(std::int64_t n = 1) noexcept { value.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t get() const noexcept { return value.load(std::memory_order_relaxed); }
};

// Latency histogram with fixed buckets from 50 µs to 5 s.
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                  0.005,   0.01,   0.05,    0.25,   1.0,   5.0};
  void observe(std::chrono::nanoseconds elapsed) noexcept;
  void render(std::string& out, const char* name, const char* labels) const;

 private:
  alignas(64) std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
};

struct Metrics {
  Counter open_connections;   // TCP connections on the HTTP port
  Counter sockets_polling;    // Engine.IO sessions on long-polling
  Counter sockets_websocket;  // Engine.IO sessions on WebSocket
  Counter socketio_sockets;   // connected Socket.IO sockets (all namespaces)
  Counter packets_in;
  Counter packets_out;
  Counter bytes_in;
  Counter bytes_out;
  Counter http_requests;
  Counter queue_overflows;     // connections closed because their send queue overflowed
  Counter history_from_cache;  // history pages answered by the recent-message cache
  Counter history_from_store;  // ... and by the store
  // Refused by a limit (http/server.hpp, realtime/engineio_server.hpp, the chat gateway).
  Counter refused_connections;      // TCP connections over max_connections_per_address
  Counter refused_polling;          // long-polling handshakes over max_polling_per_address
  Counter refused_unauthenticated;  // handshakes over max_unauthenticated_per_address
  Counter refused_user_sockets;     // Socket.IO connects over max_sockets_per_user
  Counter malformed_requests;       // HTTP requests answered 400, 413 or 431 by the parser
  Counter header_timeouts;          // connections closed for a request header not sent in time
  Counter revoked_sockets;          // sockets disconnected because their session was revoked
  Histogram http_latency;
  Histogram event_latency;  // Socket.IO event handlers

  std::string render() const;

  // Adds a renderer for figures kept elsewhere (a store's counters, say); it appends complete
  // Prometheus lines to `out`. Whoever adds a source removes it before what it reads goes away.
  using Source = std::function<void(std::string& out)>;
  using SourceId = std::uint64_t;
  SourceId add_source(Source source);
  void remove_source(SourceId id);

  static Metrics& global();

 private:
  mutable std::mutex sources_mutex_;
  std::vector<std::pair<SourceId, Source>> sources_;  // guarded by sources_mutex_
  SourceId next_source_ = 1;                          // guarded by sources_mutex_
};

// Observes the time from construction to destruction into a histogram.
class ScopedTimer {
 public:
  explicit ScopedTimer(Histogram& h) : h_(h), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() { h_.observe(std::chrono::steady_clock::now() - start_); }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  Histogram& h_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace parley::util
