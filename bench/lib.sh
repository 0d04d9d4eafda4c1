# bench/lib.sh — what the benchmark scripts share (sourced, not run): starting this build's
# server on a free port and stopping it. Expects BIN, DB, W (the work directory), ROOT and a
# die() function; sets SERVER_PID and PORT.

SERVER_PID=
PORT=

# Starts the server on 127.0.0.1 with an ephemeral port and waits until /healthz answers.
start_server() {  # start_server [FLAG…]
  "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --plain-http true --secret-file "$W/secret" \
    --access-log false --locale-dir "$W/locale" --assets-dir "$ROOT" "$@" >"$W/server.log" 2>&1 &
  SERVER_PID=$!
  PORT=
  for _ in $(seq 3000); do
    PORT=$(sed -n 's|.*running on http://[^/]*:\([0-9][0-9]*\)/.*|\1|p' "$W/server.log" | head -n1)
    [[ -n $PORT ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$W/server.log" >&2; die "the server did not start"; }
    sleep 0.01
  done
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz") == 200 ]]; do sleep 0.05; done
}

stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
