#include "app/process.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace parley::app {

int run_process(int argc, char** argv, const ProcessOptions& options) {
  const std::string program = argc > 0 ? argv[0] : "parley";
  LoadedConfig loaded;
  try {
    loaded = load_config(std::vector<std::string>(argv + 1, argv + argc),
                         [](const char* name) { return std::getenv(name); });
  } catch (const ConfigError& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 2;
  }
  if (loaded.help) {
    std::cout << config_help(program);
    return 0;
  }
  Config config = loaded.config;
  if (options.adjust) options.adjust(config);
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  // Block the signals in every thread (the I/O threads inherit the mask); this one waits.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    Server server(config, options.mode);
    if (options.setup) options.setup(server);
    const auto port = server.start();
    if (options.print_port) std::cout << "PARLEY_PORT=" << port << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    if (options.before_stop) options.before_stop();
    server.stop();
  } catch (const ConfigError& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("{}: {}", program, e.what());
    return 1;
  }
  return 0;
}

}  // namespace parley::app
