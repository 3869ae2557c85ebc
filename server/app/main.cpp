// parley: the chat server. Reads the configuration, serves until SIGINT or SIGTERM, then shuts
// down gracefully. `parley backup --to FILE` and `parley restore FILE` (app/backup.hpp) back
// up a running embedded server and restore it into an empty data directory.
#include "app/backup.hpp"
#include "app/process.hpp"

#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "backup" || command == "restore") {
    const std::vector<std::string> args(argv + 2, argv + argc);
    return command == "backup" ? parley::app::run_backup_command(argv[0], args)
                               : parley::app::run_restore_command(argv[0], args);
  }
  return parley::app::run_process(argc, argv, {});
}
