#!/usr/bin/env bash
# Installs what the tests need, builds, and runs the whole suite:
#   1. unit, cluster (real PostgreSQL and Redis from scripts/services.sh), interoperability and
#      end-to-end tests on the release build, and the web client's unit tests (Vitest) and
#      browser tests (playwright-core driving Debian's Chromium);
#   2. the same on an AddressSanitizer + UBSan build;
#   3. the packet-decoder, WebSocket frame and HTTP fuzzers for a bounded time each
#      (PARLEY_FUZZ_SECONDS, default 30).
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export CTEST_OUTPUT_ON_FAILURE=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== release build: unit, cluster, interop, end-to-end and web client tests"
scripts/build.sh release
(cd web && npm run build --silent)
scripts/services.sh ctest --test-dir build -j"$(nproc)" -L 'unit|cluster|interop|e2e|web|bench' --timeout 900

echo "== ASan/UBSan build: unit, cluster, interop and end-to-end tests"
scripts/build.sh asan
scripts/services.sh ctest --test-dir build-asan -j"$(nproc)" -L 'unit|cluster|interop|e2e' --timeout 1200

echo "== fuzzing the packet decoders, the WebSocket frame reader and the HTTP request path"
scripts/build.sh fuzz
ctest --test-dir build-fuzz -L fuzz --timeout 600
