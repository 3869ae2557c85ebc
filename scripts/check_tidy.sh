#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy: bugprone, performance, naming, ...) on the C++ sources a change
# touches and fails on any finding. The change is what differs from TIDY_BASE (default: the
# parent commit), plus uncommitted edits; a header counts through the source of the same name.
# Usage: scripts/check_tidy.sh <build dir with compile_commands.json>
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: check_tidy.sh <build dir>}
base=${TIDY_BASE:-HEAD~1}
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  base=$(git hash-object -t tree /dev/null)  # a single commit: everything is new
fi
mapfile -t changed < <({ git diff --name-only "$base" -- server tests bench; git ls-files --others --exclude-standard server tests bench; } | sort -u)
files=()
for f in "${changed[@]}"; do
  case "$f" in
    *.cpp) source_file=$f ;;
    *.hpp) source_file=${f%.hpp}.cpp ;;
    *) continue ;;
  esac
  [[ -f "$source_file" ]] || continue
  grep -q "\"file\": \"$PWD/$source_file\"" "$build/compile_commands.json" || continue
  files+=("$source_file")
done
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u | sed '/^$/d')
if [[ ${#files[@]} -eq 0 ]]; then
  echo "clang-tidy: no C++ source changed since $base"
  exit 0
fi
echo "clang-tidy: ${#files[@]} file(s) changed since $base"
# The compile commands as clang reads them: without GCC's precompiled headers (each file is
# checked with its own includes) and GCC-only warning options.
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
python3 - "$build/compile_commands.json" "$db/compile_commands.json" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1]))
for e in entries:
    e["command"] = re.sub(r" -Winvalid-pch| -include \S*cmake_pch\.hxx| -Wno-stringop-\S+", "", e["command"])
json.dump(entries, open(sys.argv[2], "w"))
PY
status=0
out=$(printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$db" --quiet --warnings-as-errors='*' 2>&1) ||
  status=$?
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' <<<"$out" || true
exit "$status"
