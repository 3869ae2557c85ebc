#include "util/metrics.hpp"

#include <fmt/format.h>

namespace parley::util {

void Histogram::observe(std::chrono::nanoseconds elapsed) noexcept {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(elapsed.count()), std::memory_order_relaxed);
}

void Histogram::render(std::string& out, const char* name, const char* labels) const {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{{},le=\"{}\"}} {}\n", name, labels, kBounds[i], cumulative);
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  out += fmt::format("{}_bucket{{{},le=\"+Inf\"}} {}\n", name, labels, cumulative);
  out += fmt::format("{}_sum{{{}}} {}\n", name, labels,
                     static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
  out += fmt::format("{}_count{{{}}} {}\n", name, labels, count_.load(std::memory_order_relaxed));
}

std::string Metrics::render() const {
  std::string out;
  const auto gauge = [&](const char* name, const char* help, const Counter& c) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, c.get());
  };
  const auto counter = [&](const char* name, const char* help, const Counter& c) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, c.get());
  };
  gauge("parley_open_connections", "Open TCP connections on the HTTP port.", open_connections);
  out +=
      "# HELP parley_engineio_sessions Engine.IO sessions by transport.\n"
      "# TYPE parley_engineio_sessions gauge\n";
  out += fmt::format("parley_engineio_sessions{{transport=\"polling\"}} {}\n", sockets_polling.get());
  out += fmt::format("parley_engineio_sessions{{transport=\"websocket\"}} {}\n", sockets_websocket.get());
  gauge("parley_socketio_sockets", "Connected Socket.IO sockets in all namespaces.", socketio_sockets);
  counter("parley_packets_in_total", "Engine.IO packets received.", packets_in);
  counter("parley_packets_out_total", "Engine.IO packets sent.", packets_out);
  counter("parley_bytes_in_total", "Engine.IO payload bytes received.", bytes_in);
  counter("parley_bytes_out_total", "Engine.IO payload bytes sent.", bytes_out);
  counter("parley_http_requests_total", "HTTP requests handled.", http_requests);
  counter("parley_send_queue_overflows_total", "Connections closed because their send queue overflowed.",
          queue_overflows);
  out +=
      "# HELP parley_refused_total Connections and handshakes refused by a limit.\n"
      "# TYPE parley_refused_total counter\n";
  out += fmt::format("parley_refused_total{{limit=\"connections_per_address\"}} {}\n", refused_connections.get());
  out += fmt::format("parley_refused_total{{limit=\"polling_per_address\"}} {}\n", refused_polling.get());
  out +=
      fmt::format("parley_refused_total{{limit=\"unauthenticated_per_address\"}} {}\n", refused_unauthenticated.get());
  out += fmt::format("parley_refused_total{{limit=\"sockets_per_user\"}} {}\n", refused_user_sockets.get());
  counter("parley_malformed_requests_total", "HTTP requests refused by the parser (400, 413, 431).",
          malformed_requests);
  counter("parley_header_timeouts_total", "Connections closed because a request header did not arrive in time.",
          header_timeouts);
  counter("parley_revoked_sockets_total", "Sockets disconnected because their session was revoked.", revoked_sockets);
  out +=
      "# HELP parley_history_reads_total History pages served, by where they came from.\n"
      "# TYPE parley_history_reads_total counter\n";
  out += fmt::format("parley_history_reads_total{{source=\"cache\"}} {}\n", history_from_cache.get());
  out += fmt::format("parley_history_reads_total{{source=\"store\"}} {}\n", history_from_store.get());
  out +=
      "# HELP parley_handler_seconds Time spent in request and event handlers.\n"
      "# TYPE parley_handler_seconds histogram\n";
  http_latency.render(out, "parley_handler_seconds", "kind=\"http\"");
  event_latency.render(out, "parley_handler_seconds", "kind=\"event\"");
  std::lock_guard lock(sources_mutex_);
  for (const auto& [id, source] : sources_) source(out);
  return out;
}

Metrics::SourceId Metrics::add_source(Source source) {
  std::lock_guard lock(sources_mutex_);
  const SourceId id = next_source_++;
  sources_.emplace_back(id, std::move(source));
  return id;
}

void Metrics::remove_source(SourceId id) {
  std::lock_guard lock(sources_mutex_);
  std::erase_if(sources_, [id](const auto& s) { return s.first == id; });
}

Metrics& Metrics::global() {
  static Metrics m;
  return m;
}

}  // namespace parley::util
