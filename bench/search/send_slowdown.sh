#!/usr/bin/env bash
# What the search index costs message sends: bench/run's throughput scenario (embedded store,
# a fresh parley and database per run, bench/lib.sh's flags) against two parley binaries, runs
# alternating, and the median of each binary's acknowledged messages per second and server CPU
# per message. One JSON line per run on stdout, the summary last.
#
#   bench/search/send_slowdown.sh OLD_PARLEY NEW_PARLEY [RUNS (3)] [SECONDS (10)]
#
# PARLEY_BENCH_BIN: the parley-bench binary (default build/bench/parley-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
old=$1 new=$2 runs=${3:-3} seconds=${4:-10}
BENCH_BIN=${PARLEY_BENCH_BIN:-$PWD/build/bench/parley-bench}
. bench/lib.sh
work=$(mktemp -d)
trap 'stop_parley; rm -rf "$work"' EXIT
results=$work/results.jsonl

# bench/lib.sh passes flags that a binary from before them does not know (the search rate
# limits): such a binary runs through a wrapper that leaves them out (exec: the same pid).
runnable() {
  local bin=$1 name=$2
  if "$bin" --help | grep -q -- --rate_searches_per_second; then
    echo "$bin"
    return
  fi
  cat >"$work/$name" <<WRAP
#!/usr/bin/env bash
args=()
while [ \$# -gt 0 ]; do
  case \$1 in
    --rate_searches_per_second|--rate_searches_burst) shift 2 ;;
    *) args+=("\$1"); shift ;;
  esac
done
exec "$bin" "\${args[@]}"
WRAP
  chmod +x "$work/$name"
  echo "$work/$name"
}
old=$(runnable "$old" old-parley)
new=$(runnable "$new" new-parley)

for i in $(seq 1 "$runs"); do
  for which in old new; do
    if [ $which = old ]; then PARLEY_BIN=$old; else PARLEY_BIN=$new; fi
    port=$(free_port)
    start_parley "$port" "$work/$which-$i"
    echo "== $which run $i: parley-bench throughput --pairs 50 --window 64 --seconds $seconds --threads 1" >&2
    line=$("$BENCH_BIN" throughput --pairs 50 --window 64 --seconds "$seconds" --threads 1 --port "$port" \
      --server-pid "$PARLEY_PID" --label "$which")
    stop_parley
    echo "$line"
    echo "$line" >>"$results"
  done
done

python3 - "$results" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = {}
for which in ('old', 'new'):
    mine = [r for r in rows if r['label'] == which]
    out[which] = {
        'acked_per_s': [r['acked_per_s'] for r in mine],
        'server_cpu_us_per_delivery': [r['server_cpu_us_per_delivery'] for r in mine],
        'errors_lost': sum(r['errors'] + r['lost'] for r in mine),
        'median_acked_per_s': statistics.median(r['acked_per_s'] for r in mine),
        'median_server_cpu_us_per_message': statistics.median(r['server_cpu_us_per_delivery'] for r in mine),
    }
out['slowdown_pct'] = round(100 * (1 - out['new']['median_acked_per_s'] / out['old']['median_acked_per_s']), 1)
out['cpu_increase_pct'] = round(100 * (out['new']['median_server_cpu_us_per_message'] / out['old']['median_server_cpu_us_per_message'] - 1), 1)
print(json.dumps(out))
EOF
