#!/usr/bin/env bash
# Fails when a C++ file of the server, its tests or its benchmarks is not formatted as
# .clang-format says (run `clang-format -i <file>` to fix it).
set -euo pipefail
cd "$(dirname "$0")/.."
find server tests bench \( -name node_modules -prune \) -o \( -name '*.cpp' -o -name '*.hpp' \) -print0 |
  xargs -0 clang-format --dry-run -Werror
