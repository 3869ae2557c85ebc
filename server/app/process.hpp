// The shape every Parley executable shares: read the configuration (or print --help), block
// SIGINT/SIGTERM in all threads, start a Server, let `setup` add to it, serve until a signal,
// and shut down gracefully. Returns the process exit code.
#pragma once

#include "app/config.hpp"
#include "app/server.hpp"

#include <functional>

namespace parley::app {

struct ProcessOptions {
  ServerMode mode = ServerMode::kChat;
  // Applied to the loaded configuration before the server is built.
  std::function<void(Config&)> adjust;
  // Called after the server is built and before it listens.
  std::function<void(Server&)> setup;
  // Called after the server stopped accepting, before it stops.
  std::function<void()> before_stop;
  // Print "PARLEY_PORT=<port>" on stdout once listening (for test harnesses).
  bool print_port = false;
};

int run_process(int argc, char** argv, const ProcessOptions& options);

}  // namespace parley::app
