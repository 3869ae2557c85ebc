// parley: the chat server. Reads the configuration, serves until SIGINT or SIGTERM, then shuts
// down gracefully.
#include "app/process.hpp"

int main(int argc, char** argv) { return parley::app::run_process(argc, argv, {}); }
