// Runs a command-line tool (ffprobe, ffmpeg) on an uploaded file and collects what it prints,
// within bounds: no shell (an argv array), stdin from /dev/null, a hard timeout after which the
// tool's whole process group is killed, and caps on the output kept. Used by media processing.
//
// Threading: safe from any thread; each call waits for its own child only (waitpid on its pid),
// its pipes are close-on-exec so that tools started at once by other threads do not hold them.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::media {

struct ToolOptions {
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_output = 64 << 20;  // stdout kept; more ends the tool (kOutputTooLarge)
  std::size_t max_error = 16 << 10;   // stderr kept; the rest is read and dropped
  // When set, stdout goes here as it comes instead of into ToolRun::out (max_output does not
  // apply); returning false ends the tool (kStopped).
  std::function<bool(std::string_view)> on_output{};
};

struct ToolRun {
  enum class Outcome { kExited, kSignalled, kTimedOut, kOutputTooLarge, kStopped, kNotStarted };
  Outcome outcome = Outcome::kNotStarted;
  int exit_code = -1;  // kExited: the tool's exit status; kSignalled: the signal
  std::string out;     // stdout, up to max_output
  std::string err;     // stderr, up to max_error (or why it did not start)

  bool ok() const { return outcome == Outcome::kExited && exit_code == 0; }
  // A short account for a log line: "exit 1: <first line of stderr>", "timed out", ...
  std::string describe() const;
};

// Runs argv[0] (looked up in PATH when it has no slash) with `argv`. Never throws.
ToolRun run_tool(const std::vector<std::string>& argv, const ToolOptions& options = {});

}  // namespace parley::media
