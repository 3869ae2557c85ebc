#!/usr/bin/env bash
# Runs a command with throwaway test servers: a PostgreSQL 15 cluster and a Redis server, both
# from Debian, s3rver (an S3 stand-in from tests/e2e's npm packages, started by
# scripts/s3rver.mjs) and web-push-testing (a Web Push service, scripts/push-service.mjs),
# listening only on 127.0.0.1 on free ports, their files in one temporary
# directory that is removed (with the servers stopped) when the command ends. Exits with the
# command's exit code.
#
#   scripts/services.sh ctest --test-dir build -L cluster
#
# The command sees these variables:
#   PARLEY_TEST_POSTGRES_URL   postgres://parley@127.0.0.1:PORT/postgres (a superuser, trust auth)
#   PARLEY_TEST_POSTGRES_PORT  the PostgreSQL port
#   PARLEY_TEST_POSTGRES_CTL   a command: `$PARLEY_TEST_POSTGRES_CTL stop|start|restart`; start
#                              and restart return once the server accepts connections again
#   PARLEY_TEST_REDIS_URL      redis://127.0.0.1:PORT
#   PARLEY_TEST_REDIS_PORT     the Redis port
#   PARLEY_TEST_REDIS_CTL      the same as PARLEY_TEST_POSTGRES_CTL, for Redis
#   PARLEY_TEST_S3_URL         http://127.0.0.1:PORT, s3rver's endpoint (path-style requests)
#   PARLEY_TEST_S3_BUCKET      parley-test, a bucket that exists
#   PARLEY_TEST_S3_ACCESS_KEY  S3RVER (s3rver's account)
#   PARLEY_TEST_S3_SECRET_KEY  S3RVER
#   PARLEY_TEST_PUSH_URL       http://127.0.0.1:PORT, web-push-testing (scripts/push-service.mjs):
#                              a Web Push service that decrypts and keeps what it receives
#   PARLEY_TEST_SERVICES_DIR   the temporary directory (data, sockets, and logs in log/)
#
# PostgreSQL refuses to run as root: when run as root, the servers run as the `postgres` user
# (created by Debian's package), or `nobody` when there is none; s3rver runs as the caller.
# fsync stays on, as in production.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

pg_bin=/usr/lib/postgresql/15/bin
for tool in "$pg_bin/initdb" "$pg_bin/pg_ctl" "$pg_bin/pg_isready" /usr/bin/redis-server /usr/bin/redis-cli; do
  if [ ! -x "$tool" ]; then
    echo "services: $tool is missing; run scripts/setup.sh" >&2
    exit 2
  fi
done
if ! command -v node >/dev/null || [ ! -f "$root/tests/e2e/node_modules/s3rver/package.json" ] ||
  [ ! -f "$root/tests/e2e/node_modules/web-push-testing/package.json" ]; then
  echo "services: node or tests/e2e's node_modules are missing; run scripts/setup.sh" >&2
  exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/parley-services-XXXXXX")
chmod 755 "$dir"
mkdir -p "$dir/bin" "$dir/pg" "$dir/run" "$dir/redis" "$dir/log" "$dir/s3"

# Who runs the servers: ourselves, or an unprivileged user when we are root.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  user=postgres
  id -u "$user" >/dev/null 2>&1 || user=nobody
  chown "$user" "$dir/pg" "$dir/run" "$dir/redis" "$dir/log"
  chmod 700 "$dir/pg"
  as_user=(runuser -u "$user" --)
fi

# A port nothing listens on now. Another process may take it before our server does, so the
# callers retry with a new port when the server fails to start.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "services: no free port found" >&2
  return 1
}

# The control commands are small scripts, so that tests can stop and start the servers by
# running them (as root too: they switch user like this script does).
write_controls() {
  local as="${as_user[*]}"
  cat >"$dir/bin/postgres-ctl" <<EOF
#!/usr/bin/env bash
# Stops or starts the test PostgreSQL server: postgres-ctl stop|start|restart
set -euo pipefail
ready() {
  for _ in \$(seq 1 300); do
    $pg_bin/pg_isready -q -h 127.0.0.1 -p $pg_port -t 1 && return 0
    sleep 0.1
  done
  echo "postgres-ctl: server not ready; see $dir/log/pg.log" >&2
  return 1
}
case "\${1:-}" in
  stop) $as $pg_bin/pg_ctl -D $dir/pg -m fast -w -s stop ;;
  start) $as $pg_bin/pg_ctl -D $dir/pg -l $dir/log/pg.log -w -s -t 30 start && ready ;;
  restart) $as $pg_bin/pg_ctl -D $dir/pg -l $dir/log/pg.log -m fast -w -s -t 30 restart && ready ;;
  *) echo "usage: \$0 stop|start|restart" >&2; exit 2 ;;
esac
EOF
  cat >"$dir/bin/redis-ctl" <<EOF
#!/usr/bin/env bash
# Stops or starts the test Redis server: redis-ctl stop|start|restart
set -euo pipefail
stop() {
  [ -f $dir/redis/redis.pid ] || return 0
  local pid
  pid=\$(cat $dir/redis/redis.pid)
  /usr/bin/redis-cli -h 127.0.0.1 -p $redis_port shutdown nosave >/dev/null 2>&1 || kill "\$pid" 2>/dev/null || true
  for _ in \$(seq 1 300); do
    kill -0 "\$pid" 2>/dev/null || { rm -f $dir/redis/redis.pid; return 0; }
    sleep 0.1
  done
  echo "redis-ctl: redis-server \$pid did not stop" >&2
  return 1
}
start() {
  $as /usr/bin/redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no \\
    --dir $dir/redis --daemonize yes --pidfile $dir/redis/redis.pid --logfile $dir/log/redis.log
  for _ in \$(seq 1 300); do
    [ "\$(/usr/bin/redis-cli -h 127.0.0.1 -p $redis_port ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.1
  done
  echo "redis-ctl: server not ready; see $dir/log/redis.log" >&2
  return 1
}
case "\${1:-}" in
  stop) stop ;;
  start) start ;;
  restart) stop && start ;;
  *) echo "usage: \$0 stop|start|restart" >&2; exit 2 ;;
esac
EOF
  chmod 755 "$dir/bin/postgres-ctl" "$dir/bin/redis-ctl"
}

# Starts a node stand-in (NAME, its script and arguments) in the background, its pid in
# node_pids[NAME]: false when it exits first (the port was taken) or does not print
# "NAME: ready" in 30 seconds.
declare -A node_pids=()
start_node_service() {
  local name=$1
  shift
  node "$@" >"$dir/log/$name.log" 2>&1 &
  node_pids[$name]=$!
  for _ in $(seq 1 300); do
    grep -q "^$name: ready" "$dir/log/$name.log" && return 0
    kill -0 "${node_pids[$name]}" 2>/dev/null || break
    sleep 0.1
  done
  stop_node_service "$name"
  cat "$dir/log/$name.log" >>"$dir/start.log"
  return 1
}
stop_node_service() {
  local pid=${node_pids[$1]:-}
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "node_pids[$1]"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -f "$dir/bin/postgres-ctl" ]; then
    [ -f "$dir/pg/postmaster.pid" ] && "$dir/bin/postgres-ctl" stop >/dev/null 2>&1
    "$dir/bin/redis-ctl" stop >/dev/null 2>&1
  fi
  for name in "${!node_pids[@]}"; do stop_node_service "$name"; done
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_user[@]}" "$pg_bin/initdb" -D "$dir/pg" -U parley --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
cat >>"$dir/pg/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/run'
max_connections = 200
fsync = on
EOF

# Start both on free ports, trying new ports when one was taken meanwhile.
started=false
for _ in 1 2 3 4 5; do
  pg_port=$(free_port)
  redis_port=$(free_port)
  [ "$pg_port" = "$redis_port" ] && continue
  sed -i "/^port = /d" "$dir/pg/postgresql.conf"
  echo "port = $pg_port" >>"$dir/pg/postgresql.conf"
  write_controls
  if "$dir/bin/postgres-ctl" start 2>>"$dir/start.log"; then
    if "$dir/bin/redis-ctl" start 2>>"$dir/start.log"; then
      started=true
      break
    fi
    "$dir/bin/postgres-ctl" stop >/dev/null 2>&1 || true
  fi
done
if [ "$started" != true ]; then
  echo "services: cannot start the test servers" >&2
  cat "$dir/start.log" "$dir/log/pg.log" "$dir/log/redis.log" >&2 2>/dev/null || true
  exit 1
fi

# The node stand-ins, each on a free port not taken yet: `start_on_free_port NAME SCRIPT ARGS`
# runs `node SCRIPT PORT ARGS`, and sets port_of[NAME].
declare -A port_of=()
start_on_free_port() {
  local name=$1 script=$2 port
  shift 2
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    case " $pg_port $redis_port ${port_of[*]} " in *" $port "*) continue ;; esac
    if start_node_service "$name" "$script" "$port" "$@"; then
      port_of[$name]=$port
      return 0
    fi
  done
  echo "services: cannot start $name" >&2
  cat "$dir/start.log" >&2 2>/dev/null || true
  return 1
}
start_on_free_port s3rver "$root/scripts/s3rver.mjs" "$dir/s3" || exit 1
start_on_free_port push-service "$root/scripts/push-service.mjs" || exit 1
s3_port=${port_of[s3rver]}

export PARLEY_TEST_POSTGRES_URL="postgres://parley@127.0.0.1:$pg_port/postgres"
export PARLEY_TEST_POSTGRES_PORT="$pg_port"
export PARLEY_TEST_POSTGRES_CTL="$dir/bin/postgres-ctl"
export PARLEY_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
export PARLEY_TEST_REDIS_PORT="$redis_port"
export PARLEY_TEST_REDIS_CTL="$dir/bin/redis-ctl"
export PARLEY_TEST_S3_URL="http://127.0.0.1:$s3_port"
export PARLEY_TEST_S3_BUCKET=parley-test
export PARLEY_TEST_S3_ACCESS_KEY=S3RVER
export PARLEY_TEST_S3_SECRET_KEY=S3RVER
export PARLEY_TEST_PUSH_URL="http://127.0.0.1:${port_of[push-service]}"
export PARLEY_TEST_SERVICES_DIR="$dir"

set +e
"$@"
status=$?
set -e
exit "$status"
