// parley-echo-bench: a quick Socket.IO echo throughput check. Opens C WebSocket connections to
// a server that acknowledges "message-with-ack" with its arguments (parley-conformance does),
// keeps W unacknowledged messages in flight on each, answers heartbeats, and after D seconds
// prints one JSON line: messages acknowledged per second and round-trip latency percentiles.
//
//   parley-echo-bench [--host 127.0.0.1] [--port 3000] [--connections 50] [--window 16]
//                     [--seconds 10] [--threads 1] [--size 64]
#include "realtime/socketio_packet.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "3000";
  int connections = 50;
  int window = 16;
  int seconds = 10;
  int threads = 1;
  int size = 64;
};

struct Stats {
  std::mutex mutex;
  std::vector<double> latencies_us;  // sampled
  std::atomic<long> acked{0};
  std::atomic<long> errors{0};
  std::atomic<int> ready{0};
};

asio::awaitable<void> run_connection(const Options& opt, Stats& stats, Clock::time_point& start,
                                     Clock::time_point& stop, std::atomic<bool>& go) {
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  websocket::stream<beast::tcp_stream> ws(ex);
  try {
    auto results = co_await resolver.async_resolve(opt.host, opt.port, asio::use_awaitable);
    co_await beast::get_lowest_layer(ws).async_connect(results, asio::use_awaitable);
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    co_await ws.async_handshake(opt.host, "/socket.io/?EIO=4&transport=websocket", asio::use_awaitable);
    beast::flat_buffer buf;
    co_await ws.async_read(buf, asio::use_awaitable);  // Engine.IO open
    buf.consume(buf.size());
    co_await ws.async_write(asio::buffer(std::string("40")), asio::use_awaitable);
    // Wait for the CONNECT reply; skip anything else.
    while (true) {
      co_await ws.async_read(buf, asio::use_awaitable);
      std::string f = beast::buffers_to_string(buf.data());
      buf.consume(buf.size());
      if (f.starts_with("40")) break;
      if (f == "2") co_await ws.async_write(asio::buffer(std::string("3")), asio::use_awaitable);
    }
    ++stats.ready;
    asio::steady_timer wait(ex);
    while (!go) {
      wait.expires_after(std::chrono::milliseconds(5));
      co_await wait.async_wait(asio::use_awaitable);
    }
    const std::string body(static_cast<std::size_t>(opt.size), 'x');
    std::uint64_t next_id = 1;
    std::deque<std::pair<std::uint64_t, Clock::time_point>> in_flight;
    auto send_one = [&]() -> asio::awaitable<void> {
      const auto id = next_id++;
      std::string frame = "42" + std::to_string(id) + "[\"message-with-ack\",\"" + body + "\"]";
      in_flight.emplace_back(id, Clock::now());
      co_await ws.async_write(asio::buffer(frame), asio::use_awaitable);
    };
    for (int i = 0; i < opt.window; ++i) co_await send_one();
    std::vector<double> local;
    long count = 0;
    while (Clock::now() < stop) {
      co_await ws.async_read(buf, asio::use_awaitable);
      std::string f = beast::buffers_to_string(buf.data());
      buf.consume(buf.size());
      if (f == "2") {
        co_await ws.async_write(asio::buffer(std::string("3")), asio::use_awaitable);
        continue;
      }
      if (!f.starts_with("43")) continue;
      const auto now = Clock::now();
      if (!in_flight.empty()) {
        if (now >= start && (count++ % 16) == 0) {
          local.push_back(std::chrono::duration<double, std::micro>(now - in_flight.front().second).count());
        }
        in_flight.pop_front();
      }
      if (now >= start) stats.acked.fetch_add(1, std::memory_order_relaxed);
      co_await send_one();
    }
    std::lock_guard lock(stats.mutex);
    stats.latencies_us.insert(stats.latencies_us.end(), local.begin(), local.end());
  } catch (const std::exception&) {
    ++stats.errors;
  }
  beast::error_code ec;
  beast::get_lowest_layer(ws).socket().close(ec);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const std::string v = argv[i + 1];
    if (k == "--host")
      opt.host = v;
    else if (k == "--port")
      opt.port = v;
    else if (k == "--connections")
      opt.connections = std::stoi(v);
    else if (k == "--window")
      opt.window = std::stoi(v);
    else if (k == "--seconds")
      opt.seconds = std::stoi(v);
    else if (k == "--threads")
      opt.threads = std::stoi(v);
    else if (k == "--size")
      opt.size = std::stoi(v);
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  Stats stats;
  std::atomic<bool> go{false};
  // Warm-up of one second before measuring.
  Clock::time_point start = Clock::now() + std::chrono::hours(1);
  Clock::time_point stop = start;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int t = 0; t < opt.threads; ++t) contexts.push_back(std::make_unique<asio::io_context>(1));
  for (int c = 0; c < opt.connections; ++c) {
    auto& ioc = *contexts[static_cast<std::size_t>(c % opt.threads)];
    asio::co_spawn(ioc, run_connection(opt, stats, start, stop, go), asio::detached);
  }
  std::vector<std::thread> threads;
  for (auto& ioc : contexts) threads.emplace_back([&ioc] { ioc->run(); });
  const auto setup_deadline = Clock::now() + std::chrono::seconds(30);
  while (stats.ready + stats.errors < opt.connections && Clock::now() < setup_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  start = Clock::now() + std::chrono::seconds(1);
  stop = start + std::chrono::seconds(opt.seconds);
  go = true;
  for (auto& t : threads) t.join();
  const double secs = opt.seconds;
  auto& l = stats.latencies_us;
  std::printf(
      "{\"scenario\":\"echo\",\"connections\":%d,\"window\":%d,\"size\":%d,\"seconds\":%d,\"acked\":%ld,"
      "\"msgs_per_s\":%.0f,\"rtt_us_p50\":%.0f,\"rtt_us_p99\":%.0f,\"errors\":%ld}\n",
      opt.connections, opt.window, opt.size, opt.seconds, stats.acked.load(), static_cast<double>(stats.acked) / secs,
      percentile(l, 50), percentile(l, 99), stats.errors.load());
  return stats.errors > 0 ? 1 : 0;
}
