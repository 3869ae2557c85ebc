# Shared by bench/run and bench/smoke: start a parley for the load generator and stop it.
# Sourced, not run. Expects PARLEY_BIN and BENCH_BIN to point at the built binaries.

# start_parley PORT DATA_DIR [EXTRA FLAGS...]: starts parley in the background on 127.0.0.1
# with cheap password hashing (registration is setup, not what is measured) and no rate limits
# (the load generator is one very busy user per connection), nor connection limits (every
# simulated user connects from 127.0.0.1). Sets PARLEY_PID. Waits until
# /healthz answers (bounded).
start_parley() {
  local port=$1 data=$2
  shift 2
  mkdir -p "$data"
  "$PARLEY_BIN" --host 127.0.0.1 --port "$port" --data_dir "$data" --log_level warn \
    --password_hash_memory_kib 8 --password_hash_ops 1 \
    --rate_messages_per_second 1000000 --rate_messages_burst 1000000 \
    --rate_reactions_per_second 1000000 --rate_reactions_burst 1000000 \
    --rate_searches_per_second 1000000 --rate_searches_burst 1000000 \
    --rate_auth_per_second 1000000 --rate_auth_burst 1000000 \
    --max_queue_bytes 67108864 \
    --max_connections_per_address 0 --max_polling_per_address 0 --max_unauthenticated_per_address 0 \
    --max_sockets_per_user 0 \
    "$@" >"$data/parley.log" 2>&1 &
  PARLEY_PID=$!
  local i
  for i in $(seq 1 200); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$PARLEY_PID" 2>/dev/null; then
      echo "parley exited at start:" >&2
      cat "$data/parley.log" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "parley did not answer /healthz" >&2
  return 1
}

stop_parley() {
  if [ -n "${PARLEY_PID:-}" ] && kill -0 "$PARLEY_PID" 2>/dev/null; then
    kill -TERM "$PARLEY_PID"
    wait "$PARLEY_PID" || true
  fi
  PARLEY_PID=
}

# free_port: an unused TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
