#!/usr/bin/env bash
# bench/profile.sh — where a request's CPU time goes (see docs/PERFORMANCE.md, "Profile").
#
#   bash bench/profile.sh ['/offers?q=fotball&kommune=9001' …]
#
# Starts a private copy of build/knutepunkt on the --scale catalog, builds the snapshot with
# one request, then profiles each PATH in turn:
#   perf (default when `perf record` works): samples all threads with DWARF call graphs while
#     wrk -t2 -c64 runs for BENCH_PROFILE_SECONDS; prints the top self-cost symbols and the
#     top inclusive Knutepunkt functions.
#   callgrind (BENCH_PROFILER=callgrind, or when perf does not work): counts instructions for
#     BENCH_PROFILE_REQUESTS sequential requests (instrumentation is switched on only after the
#     snapshot is built) and prints callgrind_annotate's inclusive list.
# Settings: BENCH_DB=URL uses an existing seeded database instead of seeding a temp SQLite one;
# BENCH_SCALE (357), BENCH_BIN, BENCH_PROFILE_SECONDS (8), BENCH_PROFILE_REQUESTS (100),
# BENCH_KEEP=DIR keeps perf.data / callgrind.out files; BENCH_PAGE_CACHE=1 leaves the response
# cache on (by default it is off, so repeated requests show the full cost). Everything started is
# stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC_BIN=${BENCH_BIN:-$ROOT/build/knutepunkt}
SCALE=${BENCH_SCALE:-357}
SECONDS_=${BENCH_PROFILE_SECONDS:-8}
REQUESTS=${BENCH_PROFILE_REQUESTS:-100}
KEEP=${BENCH_KEEP:-}
PROFILER=${BENCH_PROFILER:-}
PATHS=("$@")
[[ ${#PATHS[@]} -gt 0 ]] || PATHS=('/offers?q=fotball&kommune=9001')

log() { printf '[profile %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

W=
SERVER_PID=
CHILD_PID=
stop_pid() {
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$CHILD_PID"
  stop_pid "$SERVER_PID"
  if [[ -n $W && -d $W ]]; then
    [[ -n $KEEP ]] && { mkdir -p "$KEEP"; cp "$W"/*.data "$W"/callgrind.* "$W"/*.txt "$KEEP"/ 2>/dev/null || true; }
    rm -rf -- "$W"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
run_child() { "$@" & CHILD_PID=$!; local rc=0; wait "$CHILD_PID" || rc=$?; CHILD_PID=; return "$rc"; }

command -v wrk >/dev/null || die "wrk is not installed"
[[ -x $SRC_BIN ]] || die "$SRC_BIN not found: build first"
W=$(mktemp -d "${TMPDIR:-/tmp}/kp-profile.XXXXXX")
chmod 755 "$W"
# A private copy, so a relink of build/ during the run neither breaks the server nor leaves
# perf without symbols.
cp "$SRC_BIN" "$W/knutepunkt"
cp -r "$(dirname "$SRC_BIN")/locale" "$W/locale"
BIN=$W/knutepunkt

if [[ -z $PROFILER ]]; then
  if command -v perf >/dev/null && perf record -o "$W/probe.data" -- true >/dev/null 2>&1; then PROFILER=perf
  else PROFILER=callgrind; fi
fi
[[ $PROFILER == callgrind ]] && ! command -v valgrind >/dev/null && die "neither perf nor valgrind works here"
log "profiler: $PROFILER"

DB=${BENCH_DB:-}
if [[ -z $DB ]]; then
  DB="sqlite:$W/bench.db"
  log "seeding --scale $SCALE into a temp SQLite database"
  run_child "$BIN" seed-demo --scale "$SCALE" --db "$DB" >/dev/null
fi

serve_args=(serve --db "$DB" --listen 127.0.0.1:0 --plain-http true --secret-file "$W/secret"
            --access-log false --locale-dir "$W/locale" --assets-dir "$ROOT")
# Profile what a request costs, not the page cache answering the same URL again (builds without
# the cache ignore the flag). BENCH_PAGE_CACHE=1 keeps it on.
[[ ${BENCH_PAGE_CACHE:-0} == 1 ]] || serve_args+=(--page-cache-entries 0)
if [[ $PROFILER == callgrind ]]; then
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$W/callgrind.out.%p" \
    "$BIN" "${serve_args[@]}" >"$W/server.txt" 2>&1 &
else
  "$BIN" "${serve_args[@]}" >"$W/server.txt" 2>&1 &
fi
SERVER_PID=$!
PORT=
for _ in $(seq 6000); do
  PORT=$(sed -n 's|.*running on http://[^/]*:\([0-9][0-9]*\)/.*|\1|p' "$W/server.txt" | head -n1)
  [[ -n $PORT ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$W/server.txt" >&2; die "the server did not start"; }
  sleep 0.05
done
[[ -n $PORT ]] || die "the server did not report its port"
BASE=http://127.0.0.1:$PORT
log "building the snapshot (first request)…"
curl -sf -o /dev/null --max-time 3600 "$BASE${PATHS[0]}" || die "the first request failed"

# Filters perf's inclusive list down to frames that say something about the application.
interesting='kp::|gzip|deflate|fmt::|nlohmann|icu_|boost::locale|sqlite3|PQ|malloc|free|memcmp|memmove'
boring='boost::asio|std::__invoke|std::function|_Function_handler|__invoke|start_thread|clone3|\(inlined\)$'

n=0
for path in "${PATHS[@]}"; do
  n=$((n + 1))
  echo
  echo "=== $path ==="
  if [[ $PROFILER == perf ]]; then
    data=$W/profile-$n.data
    perf record -F 499 --call-graph dwarf,16384 -o "$data" -p "$SERVER_PID" -- sleep $((SECONDS_ + 1)) >/dev/null 2>&1 &
    CHILD_PID=$!
    sleep 0.5
    wrk -t2 -c64 -d"${SECONDS_}s" --timeout 30s "$BASE$path" | grep -E 'Requests/sec|Latency  ' || true
    wait "$CHILD_PID" || true
    CHILD_PID=
    echo "--- self (exclusive) cost, top symbols ---"
    perf report -i "$data" --no-children --stdio -g none --percent-limit 1 2>/dev/null |
      grep -E '^ +[0-9]' | cut -c1-160 | head -n 25
    echo "--- inclusive cost, application frames ---"
    perf report -i "$data" --children --stdio -g none --percent-limit 1 2>/dev/null |
      grep -E '^ +[0-9]' | grep -E "$interesting" | grep -vE "$boring" | cut -c1-160 | head -n 40
  else
    callgrind_control -z "$SERVER_PID" >/dev/null 2>&1
    callgrind_control -i on "$SERVER_PID" >/dev/null 2>&1
    for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null "$BASE$path"; done
    callgrind_control -i off "$SERVER_PID" >/dev/null 2>&1
    callgrind_control -d "profile-$n" "$SERVER_PID" >/dev/null 2>&1
    sleep 1
    out=$(ls -t "$W"/callgrind.out.* | head -n1)
    mv "$out" "$W/callgrind.profile-$n.out"
    echo "--- inclusive instruction counts, $REQUESTS requests ---"
    callgrind_annotate --inclusive=yes "$W/callgrind.profile-$n.out" 2>/dev/null | sed -n '1,60p' | cut -c1-200
  fi
done
