// parley: the chat server. Reads the configuration, serves until SIGINT or SIGTERM, then shuts
// down gracefully.
#include "app/config.hpp"
#include "app/server.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace parley;
  app::LoadedConfig loaded;
  try {
    loaded = app::load_config(std::vector<std::string>(argv + 1, argv + argc),
                              [](const char* name) { return std::getenv(name); });
  } catch (const app::ConfigError& e) {
    std::cerr << "parley: " << e.what() << "\n";
    return 2;
  }
  if (loaded.help) {
    std::cout << app::config_help(argv[0]);
    return 0;
  }
  spdlog::set_level(spdlog::level::from_str(loaded.config.log_level));

  // Block the signals in every thread; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    app::Server server(loaded.config);
    server.start();
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  } catch (const std::exception& e) {
    spdlog::critical("parley: {}", e.what());
    return 1;
  }
  return 0;
}
