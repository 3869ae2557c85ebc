#!/usr/bin/env bash
# Runs a libFuzzer target for a bounded time over the seed corpus kept in the repository.
# New inputs go to a temporary directory, so the repository is never written. Fails when the
# fuzzer finds a crash, a leak, a sanitizer report or a broken property.
set -euo pipefail
target=$1
seeds=$2
seconds=${PARLEY_FUZZ_SECONDS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" 2>&1 | tail -n 25
if [ -n "$(ls -A "$work/artifacts")" ]; then
  echo "fuzzer found failing inputs:"; ls -l "$work/artifacts"
  exit 1
fi
