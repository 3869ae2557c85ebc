#include "media/run_tool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace parley::media {
namespace {

using Clock = std::chrono::steady_clock;

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

bool make_pipe(Pipe& pipe) {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) return false;
  pipe.read.reset(fds[0]);
  pipe.write.reset(fds[1]);
  return true;
}

ToolRun not_started(std::string why) {
  ToolRun run;
  run.err = std::move(why);
  return run;
}

// Starts the tool in a process group of its own, its stdin /dev/null, its stdout and stderr
// the write ends of the pipes. Returns the pid, or -1 with errno's message in `why`.
pid_t spawn(const std::vector<std::string>& argv, int out_fd, int err_fd, std::string& why) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  // The server ignores SIGPIPE; a tool gets the default dispositions back.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const bool path_lookup = argv[0].find('/') == std::string::npos;
  const int rc = path_lookup ? posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ)
                             : posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    why = argv[0] + ": " + std::strerror(rc);
    return -1;
  }
  return pid;
}

// Reaps `pid`, waiting until `deadline` at the most; then kills its group and reaps it.
int reap(pid_t pid, Clock::time_point deadline, ToolRun& run) {
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (done < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // It closed its output but did not end.
  ::kill(-pid, SIGKILL);
  run.outcome = ToolRun::Outcome::kTimedOut;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

std::string ToolRun::describe() const {
  switch (outcome) {
    case Outcome::kNotStarted:
      return "did not start: " + err;
    case Outcome::kTimedOut:
      return "timed out";
    case Outcome::kOutputTooLarge:
      return "printed too much";
    case Outcome::kStopped:
      return "stopped";
    case Outcome::kSignalled:
      return "killed by signal " + std::to_string(exit_code);
    case Outcome::kExited:
      break;
  }
  std::string text = "exit " + std::to_string(exit_code);
  const std::string_view first_line = std::string_view(err).substr(0, std::min(err.find('\n'), std::size_t{200}));
  if (!first_line.empty()) text.append(": ").append(first_line);
  return text;
}

ToolRun run_tool(const std::vector<std::string>& argv, const ToolOptions& options) {
  if (argv.empty()) return not_started("no command");
  Pipe out_pipe, err_pipe;
  if (!make_pipe(out_pipe) || !make_pipe(err_pipe)) return not_started(std::strerror(errno));

  ToolRun run;
  const pid_t pid = spawn(argv, out_pipe.write.get(), err_pipe.write.get(), run.err);
  if (pid < 0) return run;
  out_pipe.write.reset();
  err_pipe.write.reset();
  const auto deadline = Clock::now() + options.timeout;
  run.outcome = ToolRun::Outcome::kExited;

  std::array<char, 64 << 10> buffer{};
  bool out_open = true, err_open = true, killed = false;
  while ((out_open || err_open) && !killed) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      run.outcome = ToolRun::Outcome::kTimedOut;
      killed = true;
      break;
    }
    std::array<pollfd, 2> fds{pollfd{out_open ? out_pipe.read.get() : -1, POLLIN, 0},
                              pollfd{err_open ? err_pipe.read.get() : -1, POLLIN, 0}};
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) {
      run.outcome = ToolRun::Outcome::kTimedOut;  // cannot watch it: end it
      killed = true;
      break;
    }
    if (ready <= 0) continue;
    if (fds[0].revents != 0) {
      const ssize_t n = ::read(out_pipe.read.get(), buffer.data(), buffer.size());
      if (n <= 0) {
        out_open = n < 0 && errno == EINTR;
      } else if (options.on_output) {
        if (!options.on_output(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
          run.outcome = ToolRun::Outcome::kStopped;
          killed = true;
        }
      } else if (run.out.size() + static_cast<std::size_t>(n) > options.max_output) {
        run.outcome = ToolRun::Outcome::kOutputTooLarge;
        killed = true;
      } else {
        run.out.append(buffer.data(), static_cast<std::size_t>(n));
      }
    }
    if (fds[1].revents != 0 && !killed) {
      const ssize_t n = ::read(err_pipe.read.get(), buffer.data(), buffer.size());
      if (n <= 0) {
        err_open = n < 0 && errno == EINTR;
      } else if (run.err.size() < options.max_error) {
        run.err.append(buffer.data(), std::min(static_cast<std::size_t>(n), options.max_error - run.err.size()));
      }
    }
  }

  int status = 0;
  if (killed) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return run;
  }
  status = reap(pid, deadline, run);
  if (run.outcome == ToolRun::Outcome::kTimedOut) return run;
  if (status >= 0 && WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  } else if (status >= 0 && WIFSIGNALED(status)) {
    run.outcome = ToolRun::Outcome::kSignalled;
    run.exit_code = WTERMSIG(status);
  } else {
    run.outcome = ToolRun::Outcome::kSignalled;
  }
  return run;
}

}  // namespace parley::media
