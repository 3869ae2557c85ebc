#!/usr/bin/env bash
# What auto-moderation rules cost message sends: bench/run's throughput scenario (embedded store,
# a fresh parley and database per run, bench/lib.sh's flags) without rules and with a server scope
# of 1,000 words and phrases (one words rule), 100 RE2 patterns (100 regex rules) and a link
# deny-list, which no benchmark message matches (every rule is tried). Runs alternate; the
# median of each of acknowledged messages per second and server CPU per message. One JSON line
# per run on stdout, the summary last.
#
#   bench/moderation/rules_cost.sh [RUNS (3)] [SECONDS (10)]
#
# PARLEY_BIN (default build/server/app/parley), PARLEY_BENCH_BIN (default build/bench/parley-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3} seconds=${2:-10}
PARLEY_BIN=${PARLEY_BIN:-$PWD/build/server/app/parley}
BENCH_BIN=${PARLEY_BENCH_BIN:-$PWD/build/bench/parley-bench}
. bench/lib.sh
work=$(mktemp -d)
trap 'stop_parley; rm -rf "$work"' EXIT
results=$work/results.jsonl
admin=bench-admin@example.test

# The rules, through the API, as the configured administrator.
load_rules() {
  local base=http://127.0.0.1:$1 token
  token=$(curl -fsS "$base/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$admin\",\"name\":\"Admin\",\"password\":\"correct horse battery\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
def post(body):
    req = urllib.request.Request(base + '/api/v1/moderation/rules', json.dumps(body).encode(),
                                 {'content-type': 'application/json', 'authorization': 'Bearer ' + token})
    urllib.request.urlopen(req).read()
words = ['forbidden%d phrase' % i if i % 3 == 0 else 'badword%d' % i for i in range(1000)]
post({'name': 'words', 'kind': 'words', 'action': 'reject', 'words': words})
for i in range(100):
    post({'name': 'pattern %d' % i, 'kind': 'regex', 'action': 'reject', 'pattern': r'(?i)\bpromo%d[a-z]{2,8}\d+\b' % i})
post({'name': 'links', 'kind': 'links', 'action': 'hold', 'linkMode': 'deny', 'domains': ['spam.example', 'scam.example']})
PY
}

for i in $(seq 1 "$runs"); do
  for which in none rules; do
    port=$(free_port)
    start_parley "$port" "$work/$which-$i" --server_admins "$admin"
    if [ $which = rules ]; then load_rules "$port"; fi
    echo "== $which run $i: parley-bench throughput --pairs 50 --window 64 --seconds $seconds --threads 1" >&2
    line=$("$BENCH_BIN" throughput --pairs 50 --window 64 --seconds "$seconds" --threads 1 --port "$port" \
      --server-pid "$PARLEY_PID" --label "$which")
    stop_parley
    echo "$line"
    echo "$line" >>"$results"
  done
done

python3 - "$results" <<'EOF2'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = {}
for which in ('none', 'rules'):
    mine = [r for r in rows if r['label'] == which]
    out[which] = {
        'acked_per_s': [r['acked_per_s'] for r in mine],
        'server_cpu_us_per_delivery': [r['server_cpu_us_per_delivery'] for r in mine],
        'errors_lost': sum(r['errors'] + r['lost'] for r in mine),
        'median_acked_per_s': statistics.median(r['acked_per_s'] for r in mine),
        'median_server_cpu_us_per_message': statistics.median(r['server_cpu_us_per_delivery'] for r in mine),
    }
out['slowdown_pct'] = round(100 * (1 - out['rules']['median_acked_per_s'] / out['none']['median_acked_per_s']), 1)
out['cpu_added_us_per_message'] = round(out['rules']['median_server_cpu_us_per_message'] - out['none']['median_server_cpu_us_per_message'], 1)
print(json.dumps(out))
EOF2
