#!/usr/bin/env bash
# bench/run.sh — the load benchmark behind `make bench` (see docs/PERFORMANCE.md).
#
# Seeds the --scale 357 benchmark catalog (~50,000 offers) into a temporary SQLite database and
# a throw-away PostgreSQL cluster, then measures on loopback with wrk:
#   - nginx serving the saved /offers?q=fotball&kommune=9001 page as a static file (the ceiling
#     on this machine; identity and gzip), at the start and again at the end of the run;
#   - per engine, on a freshly started server: search pages (scoped to one municipality, and
#     national with filters), the JSON API, the HSDS services list;
#   - start-up time (to the first 200 on /healthz, and to the first search, which builds the
#     in-memory snapshot), RSS (VmRSS) at those points and after the load, export-hsds times.
# The results table replaces the part of docs/PERFORMANCE.md between <!-- bench:start --> and
# <!-- bench:end -->. Everything it starts (servers, nginx, PostgreSQL, temp dirs) is removed on
# exit, also on Ctrl-C.
#
# Settings (environment):
#   BENCH_SECONDS=15        measured wrk run length (each run is preceded by a discarded 3 s run)
#   BENCH_WARMUP=3          warm-up run length
#   BENCH_CONNECTIONS=64    wrk -c;  BENCH_THREADS=2: wrk -t
#   BENCH_ENGINES="sqlite postgresql"
#   BENCH_SCALE=357         benchmark municipalities (140 offers each)
#   BENCH_BIN=build/knutepunkt
#   BENCH_DOC=docs/PERFORMANCE.md   where the table goes; empty: print only
#   BENCH_PG_SEED_TIMEOUT=1200      seconds; a slower PostgreSQL seed skips the PostgreSQL part
#   BENCH_EXPORT_ALL=1      also export all municipalities (one CLI call each; the CLI has no "all")
#   BENCH_MAX_LOAD=0.7      1-minute load above which the machine counts as busy
#   BENCH_WAIT_QUIET=0      1: before measuring, wait (re-checking every minute) until the load is
#                           below BENCH_MAX_LOAD, at most BENCH_WAIT_MAX minutes (default 60)
#   BENCH_KEEP=DIR          copy the raw wrk outputs and server logs to DIR
#   BENCH_TMP=DIR           where the temp dir goes (default $TMPDIR or /tmp); needs ~1 GB
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$ROOT/bench
BIN=${BENCH_BIN:-$ROOT/build/knutepunkt}
DURATION=${BENCH_SECONDS:-15}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ENGINES=${BENCH_ENGINES:-sqlite postgresql}
SCALE=${BENCH_SCALE:-357}
DOC=${BENCH_DOC-$ROOT/docs/PERFORMANCE.md}
PG_SEED_TIMEOUT=${BENCH_PG_SEED_TIMEOUT:-1200}
EXPORT_ALL=${BENCH_EXPORT_ALL:-1}
MAX_LOAD=${BENCH_MAX_LOAD:-0.7}
WAIT_QUIET=${BENCH_WAIT_QUIET:-0}
WAIT_MAX=${BENCH_WAIT_MAX:-60}
KEEP=${BENCH_KEEP:-}
# wrk's default 2 s timeout drops slow responses from the latency histogram; a long timeout
# keeps them in so that p99 tells the truth about slow endpoints.
WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-30s}
# Engines whose search pages are measured a second time with the response cache off.
UNCACHED_ENGINES=${BENCH_UNCACHED_ENGINES:-sqlite}
CLK_TCK=$(getconf CLK_TCK)

# The requests. The first is also the page nginx serves, byte for byte.
PAGE_PATH='/offers?q=fotball&kommune=9001'
SCOPED_FILTER_PATH='/offers?q=fotball&age=10&category=sport-leisure&kommune=9001'
NATIONAL_PATH='/offers?q=dans&age=10&category=culture'
API_PATH='/api/v1/offers?q=fotball&age=10'
HSDS_PATH='/hsds/services?per_page=50'
MIXED_LABEL='7,160 search pages, Zipf-like (bench/wrk-mixed.lua)'

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# ---- clean-up -------------------------------------------------------------------------------
W=
SERVER_PID=
NGINX_PID=
CHILD_PID=
PG_DIR=

stop_pid() {  # stop_pid PID [SIGNAL]: signal, wait up to 10 s, then SIGKILL
  local pid=$1 sig=${2:-TERM} i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -"$sig" "$pid" 2>/dev/null || true
  for i in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$CHILD_PID"
  stop_pid "$SERVER_PID"
  stop_pid "$NGINX_PID"
  if [[ -n $PG_DIR && -d $PG_DIR ]]; then
    "$ROOT/scripts/pg-test.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
  fi
  if [[ -n $W && -d $W ]]; then
    if [[ -n $KEEP ]]; then
      mkdir -p "$KEEP" && cp -r "$W/raw" "$KEEP/" 2>/dev/null || true
    fi
    rm -rf -- "$W"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

# Runs a command in the background and waits for it, so that Ctrl-C is handled at once (bash
# runs traps only between foreground commands) and the clean-up can stop it.
run_child() {
  "$@" &
  CHILD_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=
  return "$rc"
}

# ---- checks ---------------------------------------------------------------------------------
for tool in wrk curl awk; do command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh)"; done
NGINX=${BENCH_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[[ -x $NGINX ]] || die "nginx is not installed (apt-get install nginx-light)"
[[ -x $BIN ]] || die "$BIN not found: build first (make build)"
[[ $ENGINES == *sqlite* ]] || die "BENCH_ENGINES must include sqlite"

W=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/kp-bench.XXXXXX")
# Readable by nginx's workers (nobody) and PostgreSQL (postgres) when run as root.
chmod 755 "$W"
mkdir -p "$W/raw" "$W/www" "$W/tmp"
# A private copy of the binary: the tree's build/ may be relinked while the benchmark runs.
# Wait until it has not changed for 10 s (a link in progress), then copy it with its locale/.
SRC_BIN=$BIN
for _ in $(seq 60); do
  (( $(date +%s) - $(stat -c %Y "$SRC_BIN") >= 10 )) && [[ -x $SRC_BIN ]] && break
  log "waiting for $SRC_BIN to settle (being rebuilt?)"
  sleep 5
done
BIN=$W/knutepunkt
cp "$SRC_BIN" "$BIN"
LOCALE_DIR=$W/locale
cp -r "${BENCH_LOCALE_DIR:-$(dirname "$SRC_BIN")/locale}" "$LOCALE_DIR"
BIN_SHA=$(sha256sum "$BIN" | cut -c1-12)
HAS_PAGE_CACHE=0
# Builds with the response cache know the setting page_cache_entries (unknown flags are ignored,
# so ask the binary's strings rather than the CLI).
grep -qa 'page_cache_entries' "$BIN" && HAS_PAGE_CACHE=1
export BENCH_DIR BENCH_MUN_FIRST=9001 BENCH_MUN_COUNT=$SCALE
RESULTS=$W/results.tsv     # engine, case, path, bytes, hits, rps, p50, p99, errors, cpu_us, requests
: >"$RESULTS"
declare -A FACT            # one-off measurements, keyed "engine.name"
NOTES=()

free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  die "no free port"
}

load1() { cut -d' ' -f1 /proc/loadavg; }
is_busy() { awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l >= m) }'; }

# CPU time (user + system, in clock ticks) of a process and its children threads.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
nginx_ticks() {
  local t=0 p
  for p in "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null); do t=$((t + $(cpu_ticks "$p"))); done
  echo "$t"
}
# Requests the server has finished, from its /metrics (which loopback may read).
served_total() {
  local base
  base=$(sed -E 's|^(http://[^/]+).*|\1|' <<<"$1")
  curl -s "$base/metrics" | awk '/^knutepunkt_http_requests_total[{ ]/ { s += $NF } END { printf "%d\n", s }'
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Waits until the server has worked off requests still queued from the last run (its CPU time
# stops moving), so one run's backlog is not billed to the next.
wait_server_idle() {
  local before after i
  for i in $(seq 240); do
    before=$(cpu_ticks "$SERVER_PID")
    sleep 0.5
    after=$(cpu_ticks "$SERVER_PID")
    (( after - before <= 2 )) && return 0
  done
  log "warning: the server is still busy after 2 minutes"
}

# ---- wrk ------------------------------------------------------------------------------------
# measure ENGINE CASE URL [wrk args…]: a discarded warm-up run, then the measured run. Appends a
# row to $RESULTS.
measure() {
  local engine=$1 case_name=$2 url=$3
  shift 3
  local raw="$W/raw/wrk-$engine-${case_name// /_}.txt"
  log "$engine: $case_name ($url) — warm-up ${WARMUP}s, run ${DURATION}s"
  run_child wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout "$WRK_TIMEOUT" "$@" "$url" >/dev/null 2>&1 || true
  # CPU per request: for the app, all CPU from the start of the run until the server has
  # finished the requests still in flight when wrk stopped, divided by the requests it finished
  # in that time (its /metrics counter), so slow endpoints are not over- or under-billed.
  local t0 t1 n0=0 n1=0
  if [[ $engine == nginx* ]]; then
    t0=$(nginx_ticks)
  else
    wait_server_idle
    n0=$(served_total "$url")
    t0=$(cpu_ticks "$SERVER_PID")
  fi
  run_child wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency --timeout "$WRK_TIMEOUT" \
    -s "$BENCH_DIR/wrk-report.lua" "$@" "$url" >"$raw" 2>&1 || true
  if [[ $engine == nginx* ]]; then
    t1=$(nginx_ticks)
  else
    wait_server_idle
    t1=$(cpu_ticks "$SERVER_PID")
    n1=$(served_total "$url")
  fi
  local line
  line=$(grep '^BENCH ' "$raw" || true)
  if [[ -z $line ]]; then
    log "warning: wrk produced no result for $case_name"; cat "$raw" >&2
    printf '%s\t%s\t/%s\t-\t-\t0\t0\t0\tno result\t0\t0\n' "$engine" "$case_name" "${url#http://*/}" >>"$RESULTS"
    return
  fi
  local bytes path=${PATH_LABEL:-"/${url#http://*/}"}
  if [[ -n ${PATH_LABEL:-} ]]; then
    bytes=avg  # many URLs: the mean response size from wrk (headers included)
  else
    # "$@" may hold -H 'Accept-Encoding: gzip' for wrk; curl takes the same -H.
    bytes=$(curl -s -o /dev/null -w '%{size_download}' "$@" "$url" 2>/dev/null || echo 0)
  fi
  awk -v engine="$engine" -v case_name="$case_name" -v path="$path" -v bytes="$bytes" \
      -v hits="${HITS:--}" -v t0="$t0" -v t1="$t1" -v tck="$CLK_TCK" -v served=$((n1 - n0 - 1)) '
    {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rps = v["requests"] / (v["duration_us"] / 1e6)
      err = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_status"] + v["err_timeout"]
      errs = err ? sprintf("%d (status %d, timeout %d)", err, v["err_status"], v["err_timeout"]) : "0"
      if (bytes == "avg") bytes = v["requests"] ? sprintf("≈%.0f", v["bytes"] / v["requests"]) : "-"
      n = served > 0 ? served : v["requests"]
      cpu = n ? (t1 - t0) / tck * 1e6 / n : 0
      printf "%s\t%s\t%s\t%s\t%s\t%.1f\t%.2f\t%.2f\t%s\t%.0f\t%d\n", engine, case_name, path, bytes, hits,
             rps, v["p50_us"] / 1000, v["p99_us"] / 1000, errs, cpu, v["requests"]
    }' <<<"$line" >>"$RESULTS"
  tail -n1 "$RESULTS" | awk -F'\t' '{ printf "    %s req/s, p50 %s ms, p99 %s ms, errors %s, server CPU %s µs/req\n", $6, $7, $8, $9, $10 }' >&2
}

# ---- nginx ----------------------------------------------------------------------------------
NGINX_PORT=
start_nginx() {  # start_nginx on|off
  local gzip=$1
  NGINX_PORT=$(free_port)
  mkdir -p "$W/tmp/nginx"
  sed -e "s|@DIR@|$W|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@GZIP@|$gzip|g" \
    "$BENCH_DIR/nginx.conf.in" >"$W/nginx.conf"
  "$NGINX" -p "$W/tmp/nginx" -c "$W/nginx.conf" -e "$W/nginx-error.log" 2>>"$W/raw/nginx-error.log" &
  NGINX_PID=$!
  local i
  for i in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$W/nginx-error.log" "$W/raw/nginx-error.log" >&2 2>/dev/null || true
  die "nginx did not start"
}
stop_nginx() { stop_pid "$NGINX_PID"; NGINX_PID=; }

nginx_baseline() {  # nginx_baseline LABEL
  start_nginx off
  HITS=- measure "$1" "static page (identity)" "http://127.0.0.1:$NGINX_PORT$PAGE_PATH"
  stop_nginx
  start_nginx on
  HITS=- measure "$1" "static page (gzip)" "http://127.0.0.1:$NGINX_PORT$PAGE_PATH" -H 'Accept-Encoding: gzip'
  stop_nginx
}

# ---- the Knutepunkt server ------------------------------------------------------------------
SERVER_PORT=
start_server() {  # start_server ENGINE URL [FLAG…]: starts it, records start-up time and RSS
  local engine=$1 db=$2 slog="$W/raw/server-${1// /_}.log" i t0
  shift 2
  t0=$(now_ns)
  "$BIN" serve --db "$db" --listen 127.0.0.1:0 --plain-http true --secret-file "$W/secret" \
    --access-log false --locale-dir "$LOCALE_DIR" --assets-dir "$ROOT" "$@" >"$slog" 2>&1 &
  SERVER_PID=$!
  SERVER_PORT=
  for i in $(seq 3000); do
    SERVER_PORT=$(sed -n 's|.*running on http://[^/]*:\([0-9][0-9]*\)/.*|\1|p' "$slog" | head -n1)
    [[ -n $SERVER_PORT ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$slog" >&2; die "the server did not start ($engine)"; }
    sleep 0.01
  done
  [[ -n $SERVER_PORT ]] || die "the server did not report its port ($engine)"
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVER_PORT/healthz") == 200 ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$slog" >&2; die "the server died ($engine)"; }
    sleep 0.01
  done
  FACT[$engine.healthz_ms]=$(ms_since "$t0")
  FACT[$engine.rss_healthz]=$(rss_kb "$SERVER_PID")
  # The snapshot (all published offers + the inverted index) is built on the first catalog
  # request, not at start-up.
  local code
  code=$(curl -s -o "$W/first-page.html" -w '%{http_code}' --max-time 600 "http://127.0.0.1:$SERVER_PORT$PAGE_PATH")
  [[ $code == 200 ]] || die "first search answered $code ($engine)"
  FACT[$engine.first_search_ms]=$(ms_since "$t0")
  sleep 2
  FACT[$engine.rss_idle]=$(rss_kb "$SERVER_PID")
  log "$engine: /healthz after ${FACT[$engine.healthz_ms]} ms, first search after ${FACT[$engine.first_search_ms]} ms, RSS $((FACT[$engine.rss_idle] / 1024)) MiB"
}
stop_server() { stop_pid "$SERVER_PID"; SERVER_PID=; }

# Number of matches of a /offers query, from the JSON API with the same parameters.
hits_of() {
  curl -s "http://127.0.0.1:$SERVER_PORT/api/v1/offers?${1#*\?}&per_page=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}

bench_engine() {  # bench_engine ENGINE URL
  local engine=$1 db=$2 base
  start_server "$engine" "$db"
  base="http://127.0.0.1:$SERVER_PORT"
  # The HTTP layer's floor: a small file the app serves from memory (no database, no page).
  if [[ $engine == sqlite && -n $ASSET_PATH ]]; then
    HITS=- measure "$engine" "static asset from memory (floor)" "$base$ASSET_PATH"
  fi
  HITS=$(hits_of "$PAGE_PATH") measure "$engine" "search page, 1 municipality" "$base$PAGE_PATH"
  HITS=$(hits_of "$PAGE_PATH") measure "$engine" "search page, 1 municipality (gzip)" "$base$PAGE_PATH" -H 'Accept-Encoding: gzip'
  HITS=$(hits_of "$SCOPED_FILTER_PATH") measure "$engine" "search page, 1 municipality, filters" "$base$SCOPED_FILTER_PATH"
  HITS=$(hits_of "$NATIONAL_PATH") measure "$engine" "search page, national, filters" "$base$NATIONAL_PATH"
  HITS=- PATH_LABEL="$MIXED_LABEL" measure "$engine" "search pages, mixed queries" "$base/offers" \
    -s "$BENCH_DIR/wrk-mixed.lua"
  HITS=$(hits_of "$API_PATH") measure "$engine" "JSON API search, national" "$base$API_PATH"
  HITS=$(curl -s "$base$HSDS_PATH" | sed -n 's/.*"total_items":\([0-9]*\).*/\1/p') \
    measure "$engine" "HSDS services, 50 per page" "$base$HSDS_PATH"
  wait_server_idle
  sleep 2
  FACT[$engine.rss_after]=$(rss_kb "$SERVER_PID")
  stop_server

  # The same pages with the response cache off: what a query costs the first time.
  if [[ $HAS_PAGE_CACHE == 1 && " $UNCACHED_ENGINES " == *" $engine "* ]]; then
    local nc=" — no page cache"
    start_server "$engine.nocache" "$db" --page-cache-entries 0
    base="http://127.0.0.1:$SERVER_PORT"
    HITS=$(hits_of "$PAGE_PATH") measure "$engine" "search page, 1 municipality$nc" "$base$PAGE_PATH"
    HITS=$(hits_of "$PAGE_PATH") measure "$engine" "search page, 1 municipality (gzip)$nc" "$base$PAGE_PATH" -H 'Accept-Encoding: gzip'
    HITS=$(hits_of "$SCOPED_FILTER_PATH") measure "$engine" "search page, 1 municipality, filters$nc" "$base$SCOPED_FILTER_PATH"
    HITS=$(hits_of "$NATIONAL_PATH") measure "$engine" "search page, national, filters$nc" "$base$NATIONAL_PATH"
    HITS=- PATH_LABEL="$MIXED_LABEL" measure "$engine" "search pages, mixed queries$nc" "$base/offers" \
      -s "$BENCH_DIR/wrk-mixed.lua"
    HITS=$(hits_of "$API_PATH") measure "$engine" "JSON API search, national$nc" "$base$API_PATH"
    HITS=$(curl -s "$base$HSDS_PATH" | sed -n 's/.*"total_items":\([0-9]*\).*/\1/p') \
      measure "$engine" "HSDS services, 50 per page$nc" "$base$HSDS_PATH"
    stop_server
  fi

  # export-hsds: one municipality, then every one (the CLI exports one per call).
  local t0 out="$W/export.json"
  t0=$(now_ns)
  run_child "$BIN" export-hsds "$out" --db "$db" --municipality 9001 >/dev/null
  FACT[$engine.export_one_ms]=$(ms_since "$t0")
  FACT[$engine.export_one_bytes]=$(stat -c %s "$out")
  if [[ $EXPORT_ALL == 1 ]]; then
    log "$engine: export-hsds of all $SCALE municipalities"
    local n total=0
    t0=$(now_ns)
    for n in $(seq 9001 $((9000 + SCALE))); do
      run_child "$BIN" export-hsds "$out" --db "$db" --municipality "$n" >/dev/null
      total=$((total + $(stat -c %s "$out")))
    done
    FACT[$engine.export_all_ms]=$(ms_since "$t0")
    FACT[$engine.export_all_bytes]=$total
  fi
  rm -f "$out"
}

# ---- seeding --------------------------------------------------------------------------------
seed() {  # seed ENGINE URL TIMEOUT_S → 0 when done
  local engine=$1 db=$2 timeout=$3 t0 rc=0
  log "$engine: seeding --scale $SCALE"
  t0=$(now_ns)
  "$BIN" seed-demo --scale "$SCALE" --db "$db" >"$W/raw/seed-$engine.log" 2>&1 &
  CHILD_PID=$!
  while kill -0 "$CHILD_PID" 2>/dev/null; do
    if (( $(ms_since "$t0") > timeout * 1000 )); then
      stop_pid "$CHILD_PID"; CHILD_PID=
      return 124
    fi
    sleep 1
  done
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=
  (( rc == 0 )) || { cat "$W/raw/seed-$engine.log" >&2; return "$rc"; }
  FACT[$engine.seed_ms]=$(ms_since "$t0")
  log "$engine: seeded in $((FACT[$engine.seed_ms] / 1000)) s"
}

# ---- run ------------------------------------------------------------------------------------
START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
SQLITE_URL="sqlite:$W/bench.db"
seed sqlite "$SQLITE_URL" 100000 || die "seeding SQLite failed"

PG_URL=
if [[ $ENGINES == *postgres* ]]; then
  if [[ -x ${PGBIN:-/usr/lib/postgresql/15/bin}/initdb ]]; then
    PG_DIR=$W/pg
    if PG_URL=$("$ROOT/scripts/pg-test.sh" start "$PG_DIR" 2>"$W/raw/pg-start.log"); then
      rc=0
      seed postgresql "$PG_URL" "$PG_SEED_TIMEOUT" || rc=$?
      if (( rc == 124 )); then
        NOTES+=("PostgreSQL was skipped: seeding did not finish within ${PG_SEED_TIMEOUT} s (BENCH_PG_SEED_TIMEOUT).")
        PG_URL=
      elif (( rc != 0 )); then
        NOTES+=("PostgreSQL was skipped: seeding failed ($(tail -n1 "$W/raw/seed-postgresql.log")).")
        PG_URL=
      fi
    else
      NOTES+=("PostgreSQL was skipped: the throw-away cluster did not start ($(tail -n1 "$W/raw/pg-start.log")).")
      PG_URL=
    fi
  else
    NOTES+=("PostgreSQL was skipped: PostgreSQL 15 is not installed.")
  fi
fi

# Save the real page for nginx (from a short-lived server, so the measured servers start cold).
start_server probe "$SQLITE_URL"
cp "$W/first-page.html" "$W/www/search.html"
chmod 644 "$W/www/search.html"
ASSET_PATH=$(grep -o '/assets/app\.[0-9a-f]*\.css' "$W/www/search.html" | head -n1 || true)
stop_server
unset 'FACT[probe.healthz_ms]' 'FACT[probe.rss_healthz]' 'FACT[probe.first_search_ms]' 'FACT[probe.rss_idle]'

if is_busy && [[ $WAIT_QUIET == 1 ]]; then
  waited=0
  while is_busy && (( waited < WAIT_MAX )); do
    log "load $(load1) ≥ $MAX_LOAD: waiting a minute for the machine to be quiet ($waited/$WAIT_MAX)"
    run_child sleep 60
    waited=$((waited + 1))
  done
fi
LOAD_BEFORE=$(load1)
is_busy && NOTES+=("The machine was busy when measuring started (1-minute load $LOAD_BEFORE ≥ $MAX_LOAD): treat the numbers as rough.")

nginx_baseline nginx
bench_engine sqlite "$SQLITE_URL"
[[ -n $PG_URL ]] && bench_engine postgresql "$PG_URL"
nginx_baseline "nginx (end)"
LOAD_AFTER=$(load1)

# ---- report ---------------------------------------------------------------------------------
NGINX_ID=$(awk -F'\t' '$1 == "nginx" && $2 == "static page (identity)" { print $6 }' "$RESULTS")
NGINX_GZ=$(awk -F'\t' '$1 == "nginx" && $2 == "static page (gzip)" { print $6 }' "$RESULTS")
ratio() {  # ratio RPS CASE
  local base=$NGINX_ID
  [[ $2 == *gzip* ]] && base=$NGINX_GZ
  awk -v r="$1" -v b="$base" 'BEGIN { if (b > 0) printf "%.3f", r / b; else printf "-" }'
}
fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "") print "–"; else if (v < 10000) printf "%.2f s", v / 1000; else printf "%.1f s", v / 1000 }'; }
fmt_mib() { awk -v v="$1" 'BEGIN { if (v == "") print "–"; else printf "%.0f MiB", v / 1024 }'; }
fmt_mb() { awk -v v="$1" 'BEGIN { if (v == "") print "–"; else printf "%.1f MB", v / 1e6 }'; }

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | wc -l)
BIN_TIME=$(date -u -r "$SRC_BIN" '+%Y-%m-%d %H:%M UTC')
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$SRC_BIN")/CMakeCache.txt" 2>/dev/null || true)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
MEM=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)

SECTION=$W/section.md
{
  echo "_Generated by \`make bench\` (bench/run.sh) on $START_DATE._"
  echo
  echo "- Machine: $(nproc) CPUs, $CPU, $MEM RAM, Linux $(uname -r); 1-minute load $LOAD_BEFORE before, $LOAD_AFTER after the runs."
  echo "- Code: commit \`$COMMIT\`$( ((DIRTY > 0)) && echo " with $DIRTY uncommitted changed files in the tree") ; binary \`${SRC_BIN#"$ROOT"/}\` built $BIN_TIME (${BUILD_TYPE:-unknown build type}, sha256 \`$BIN_SHA…\`)."
  echo "- Catalog: \`seed-demo --scale $SCALE\` = $(awk -F'\t' '$2 ~ /^HSDS/ && $1 == "sqlite" { print $5; exit }' "$RESULTS") published offers in $SCALE municipalities."
  if [[ $HAS_PAGE_CACHE == 1 ]]; then
    echo "- The server caches anonymous public pages (\`page_cache_entries\`, default on): a repeated URL is a cache hit after the first request. Rows marked \"no page cache\" run with \`--page-cache-entries 0\`; the mixed rows spread requests over 7,160 distinct pages."
  fi
  echo "- Load: \`wrk -t$THREADS -c$CONNS -d${DURATION}s --latency --timeout $WRK_TIMEOUT\` on loopback after a discarded ${WARMUP}s run; server restarted per engine; nginx $("$NGINX" -v 2>&1 | sed 's|.*/||') with \`worker_processes 2\`."
  for n in "${NOTES[@]}"; do echo "- **$n**"; done
  echo
  echo "| Case | Engine | Request | Matches | Body bytes | req/s | p50 ms | p99 ms | × nginx | Server CPU µs/req | Errors |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
  while IFS=$'\t' read -r engine case_name path bytes hits rps p50 p99 errs cpu reqs; do
    r=$(ratio "$rps" "$case_name")
    [[ $engine == nginx* ]] && r="(1)"
    echo "| $case_name | $engine | \`$path\` | $hits | $bytes | $rps | $p50 | $p99 | $r | $cpu | $errs |"
  done <"$RESULTS"
  echo
  echo "× nginx: the row's req/s divided by nginx serving the same page from a file in the same run (the gzip rows by nginx with \`gzip on\`, level 6 like the app). Body bytes: one response as sent (compressed in the gzip rows). Server CPU: user + system time of the server process (all threads) from the start of the measured run until it has finished the requests still in flight, divided by the requests it finished (its \`/metrics\` counter); for nginx, master and workers during the run per completed request."
  echo
  # The target, for each SQLite search-page row that exists (cached, uncached, mixed).
  echo "**Target** (issue): the public search page at ≥ 0.25× nginx with p99 < 20 ms at $CONNS connections on SQLite."
  echo
  while IFS=$'\t' read -r case_name rps p99; do
    r=$(ratio "$rps" "$case_name")
    verdict=$(awk -v r="$r" -v p="$p99" 'BEGIN { print (r >= 0.25 && p < 20) ? "**met**" : "**not met**" }')
    echo "- $case_name: ${r}× nginx, p99 $p99 ms — $verdict"
  done < <(awk -F'\t' '$1 == "sqlite" && $2 ~ /^search page/ { print $2 "\t" $6 "\t" $8 }' "$RESULTS")
  echo
  echo "| One-off | SQLite | PostgreSQL |"
  echo "|---|---:|---:|"
  echo "| Seeding \`seed-demo --scale $SCALE\` | $(fmt_ms "${FACT[sqlite.seed_ms]:-}") | $(fmt_ms "${FACT[postgresql.seed_ms]:-}") |"
  echo "| Start-up to the first 200 on \`/healthz\` | $(fmt_ms "${FACT[sqlite.healthz_ms]:-}") | $(fmt_ms "${FACT[postgresql.healthz_ms]:-}") |"
  echo "| Start-up to the first search page (builds the snapshot) | $(fmt_ms "${FACT[sqlite.first_search_ms]:-}") | $(fmt_ms "${FACT[postgresql.first_search_ms]:-}") |"
  echo "| RSS at the first \`/healthz\` | $(fmt_mib "${FACT[sqlite.rss_healthz]:-}") | $(fmt_mib "${FACT[postgresql.rss_healthz]:-}") |"
  echo "| RSS idle, snapshot built | $(fmt_mib "${FACT[sqlite.rss_idle]:-}") | $(fmt_mib "${FACT[postgresql.rss_idle]:-}") |"
  echo "| RSS idle after the load | $(fmt_mib "${FACT[sqlite.rss_after]:-}") | $(fmt_mib "${FACT[postgresql.rss_after]:-}") |"
  echo "| \`export-hsds\` of one municipality (9001, $(fmt_mb "${FACT[sqlite.export_one_bytes]:-}")) | $(fmt_ms "${FACT[sqlite.export_one_ms]:-}") | $(fmt_ms "${FACT[postgresql.export_one_ms]:-}") |"
  if [[ $EXPORT_ALL == 1 ]]; then
    echo "| \`export-hsds\` of all $SCALE municipalities, one call each ($(fmt_mb "${FACT[sqlite.export_all_bytes]:-}")) | $(fmt_ms "${FACT[sqlite.export_all_ms]:-}") | $(fmt_ms "${FACT[postgresql.export_all_ms]:-}") |"
  fi
} >"$SECTION"

cat "$SECTION"
if [[ -n $DOC ]]; then
  if [[ ! -f $DOC ]] || ! grep -q '<!-- bench:start -->' "$DOC" || ! grep -q '<!-- bench:end -->' "$DOC"; then
    { [[ -f $DOC ]] && echo; echo "## Results"; echo; echo "<!-- bench:start -->"; echo "<!-- bench:end -->"; } >>"$DOC"
  fi
  awk -v f="$SECTION" '
    /<!-- bench:start -->/ { print; while ((getline line < f) > 0) print line; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0 }
    !skip { print }' "$DOC" >"$DOC.tmp.$$"
  mv "$DOC.tmp.$$" "$DOC"
  log "results written to ${DOC#"$ROOT"/}"
fi
