// parley-bench: the load generator. Registers users over REST, connects Socket.IO clients over
// WebSocket and runs one scenario against a running parley, printing one JSON line.
//
//   parley-bench SCENARIO [--host 127.0.0.1] [--port 3000[,3001...]] [--threads 1] [--seconds 10]
//                [--warmup 1] [--pairs 50] [--window 64] [--rate 2000] [--connections 1000]
//                [--devices 100] [--group 1000] [--size 64] [--concurrency 500] [--sources 1]
//                [--typists 50] [--interval-ms 3000] [--hidden 0]
//                [--features inbox,scoped-presence]
//                [--server-pid PID] [--label TEXT]
//
// Scenarios: throughput, latency, fanout, group_fanout, idle, reconnect, typing (see bench/README.md). The exit
// code is 0 when nothing was lost, duplicated or refused.
#include "scenarios.hpp"

#include <charconv>
#include <iostream>
#include <map>
#include <stdexcept>

namespace {

using parley::bench::Options;

int to_int(const std::string& key, const std::string& v) {
  int out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) throw std::invalid_argument(key + " wants an integer");
  return out;
}

Options parse(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("name a scenario: throughput, latency, fanout, idle, reconnect");
  Options opt;
  opt.scenario = argv[1];
  const std::map<std::string, int*> ints{
      {"--threads", &opt.threads}, {"--seconds", &opt.seconds},
      {"--warmup", &opt.warmup},   {"--pairs", &opt.pairs},
      {"--window", &opt.window},   {"--connections", &opt.connections},
      {"--devices", &opt.devices}, {"--group", &opt.group},
      {"--size", &opt.size},       {"--concurrency", &opt.concurrency},
      {"--sources", &opt.sources}, {"--server-pid", &opt.server_pid},
      {"--typists", &opt.typists}, {"--interval-ms", &opt.interval_ms},
      {"--hidden", &opt.hidden},
  };
  for (int i = 2; i < argc; i += 2) {
    const std::string key = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(key + " wants a value");
    const std::string value = argv[i + 1];
    if (auto it = ints.find(key); it != ints.end()) {
      *it->second = to_int(key, value);
      if (key == "--group") opt.group_set = true;
    } else if (key == "--host") {
      opt.target.host = value;
    } else if (key == "--port") {
      // One port, or several instances' ports separated by commas (REST goes to the first).
      opt.ports.clear();
      for (std::size_t start = 0; start <= value.size();) {
        const auto comma = std::min(value.find(',', start), value.size());
        opt.ports.push_back(static_cast<std::uint16_t>(to_int(key, value.substr(start, comma - start))));
        start = comma + 1;
      }
      opt.target.port = opt.ports.front();
    } else if (key == "--rate") {
      opt.rate = std::stod(value);
      opt.rate_set = true;
    } else if (key == "--features") {
      // The handshake's auth.features, comma-separated ("inbox,scoped-presence").
      opt.target.features.clear();
      for (std::size_t start = 0; start < value.size();) {
        const auto comma = std::min(value.find(',', start), value.size());
        if (comma > start) opt.target.features.push_back(value.substr(start, comma - start));
        start = comma + 1;
      }
    } else if (key == "--label") {
      opt.label = value;
    } else {
      throw std::invalid_argument("unknown option " + key);
    }
  }
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parley::bench;
  Options opt;
  try {
    opt = parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "parley-bench: " << e.what() << "\n";
    return 2;
  }
  const std::map<std::string, int (*)(Options)> scenarios{
      {"throughput", run_throughput},
      {"latency", run_latency},
      {"fanout", run_fanout},
      {"group_fanout", run_group_fanout},
      {"idle", run_idle},
      {"reconnect", run_reconnect},
      {"typing", run_typing},
      {"reactions", run_reactions},
  };
  const auto it = scenarios.find(opt.scenario);
  if (it == scenarios.end()) {
    std::cerr << "parley-bench: unknown scenario " << opt.scenario << "\n";
    return 2;
  }
  try {
    return it->second(opt);
  } catch (const std::exception& e) {
    std::cerr << "parley-bench " << opt.scenario << ": " << e.what() << "\n";
    return 1;
  }
}
