#include "media/run_tool.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace parley::media {
namespace {

using namespace std::chrono_literals;
using Outcome = ToolRun::Outcome;

TEST(RunTool, CollectsOutputAndExitCode) {
  const auto run = run_tool({"/bin/sh", "-c", "printf 'hello'; printf 'oops\\nmore' >&2; exit 3"});
  EXPECT_EQ(run.outcome, Outcome::kExited);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_FALSE(run.ok());
  EXPECT_EQ(run.out, "hello");
  EXPECT_EQ(run.err, "oops\nmore");
  EXPECT_EQ(run.describe(), "exit 3: oops");

  const auto fine = run_tool({"echo", "a b", "c"});  // found in PATH; arguments are not split
  EXPECT_TRUE(fine.ok()) << fine.describe();
  EXPECT_EQ(fine.out, "a b c\n");
}

TEST(RunTool, GivesTheToolNothingOnStdin) {
  const auto run = run_tool({"cat"}, {.timeout = 5s});
  EXPECT_TRUE(run.ok()) << run.describe();
  EXPECT_EQ(run.out, "");
}

TEST(RunTool, ArgumentsAreNotInterpretedByAShell) {
  const auto run = run_tool({"echo", "$HOME; rm -rf /nothing", "`id`"});
  EXPECT_EQ(run.out, "$HOME; rm -rf /nothing `id`\n");
}

TEST(RunTool, KillsWhatRunsTooLongWithItsChildren) {
  const auto start = std::chrono::steady_clock::now();
  const auto run = run_tool({"sleep", "30"}, {.timeout = 200ms});
  EXPECT_EQ(run.outcome, Outcome::kTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  // A shell whose child keeps the pipes open: the whole group goes.
  const auto started = std::chrono::steady_clock::now();
  const auto group = run_tool({"/bin/sh", "-c", "sleep 30; echo never"}, {.timeout = 200ms});
  EXPECT_EQ(group.outcome, Outcome::kTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(group.out, "");
}

TEST(RunTool, KillsWhatOutlivesItsClosedOutput) {
  const auto start = std::chrono::steady_clock::now();
  const auto run = run_tool({"/bin/sh", "-c", "exec >&- 2>&-; sleep 30"}, {.timeout = 300ms});
  EXPECT_EQ(run.outcome, Outcome::kTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(RunTool, CapsTheOutput) {
  const auto run = run_tool({"/bin/sh", "-c", "yes"}, {.timeout = 10s, .max_output = 100'000});
  EXPECT_EQ(run.outcome, Outcome::kOutputTooLarge);
  EXPECT_LE(run.out.size(), 100'000U);

  // stderr beyond its cap is dropped, and the tool still runs to its end.
  const auto noisy =
      run_tool({"/bin/sh", "-c", "head -c 300000 /dev/zero >&2; printf done"}, {.timeout = 10s, .max_error = 1000});
  EXPECT_TRUE(noisy.ok()) << noisy.describe();
  EXPECT_EQ(noisy.err.size(), 1000U);
  EXPECT_EQ(noisy.out, "done");
}

TEST(RunTool, StreamsOutputToACallbackThatMayStopIt) {
  std::size_t seen = 0;
  const auto all = run_tool({"/bin/sh", "-c", "head -c 200000 /dev/zero"},
                            {.max_output = 10, .on_output = [&](std::string_view chunk) {
                               seen += chunk.size();
                               return true;
                             }});
  EXPECT_TRUE(all.ok()) << all.describe();
  EXPECT_EQ(seen, 200'000U);
  EXPECT_EQ(all.out, "");

  const auto stopped = run_tool({"yes"}, {.timeout = 10s, .on_output = [](std::string_view) { return false; }});
  EXPECT_EQ(stopped.outcome, Outcome::kStopped);
}

TEST(RunTool, ReportsSignalsAndToolsThatAreMissing) {
  const auto killed = run_tool({"/bin/sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(killed.outcome, Outcome::kSignalled);
  EXPECT_EQ(killed.exit_code, 15);

  const auto missing = run_tool({"/nonexistent/tool"});
  EXPECT_EQ(missing.outcome, Outcome::kNotStarted);
  EXPECT_NE(missing.describe().find("/nonexistent/tool"), std::string::npos);
  const auto not_in_path = run_tool({"parley-no-such-tool"});
  EXPECT_EQ(not_in_path.outcome, Outcome::kNotStarted);
  EXPECT_EQ(run_tool({}).outcome, Outcome::kNotStarted);
}

}  // namespace
}  // namespace parley::media
