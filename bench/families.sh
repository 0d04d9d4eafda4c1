#!/usr/bin/env bash
# bench/families.sh — the family follow-up part of `make bench` (see docs/PERFORMANCE.md).
#
# Seeds 10,000 fictional families with 1,000,000 log entries into a temporary SQLite database
# (seed-demo --families/--log-entries), signs in as the demo coordinator, and measures with wrk
# at 64 connections: the caseload page and one family's page, with the read audit on (every
# page view appends hash-chained audit records, group-committed) and off (audit_reads=false,
# only to measure its cost). The baseline measured in the same run is the server's own
# in-memory asset (no database, no page), so the ratios say what a family page costs on top of
# the HTTP layer on this machine.
# The table replaces the part of docs/PERFORMANCE.md between <!-- bench-families:start --> and
# <!-- bench-families:end -->. Everything it starts is removed on exit.
#
# Settings (environment): BENCH_SECONDS=15, BENCH_WARMUP=3, BENCH_CONNECTIONS=64,
# BENCH_THREADS=2, BENCH_FAMILIES=10000, BENCH_LOG_ENTRIES=100 (per family),
# BENCH_BIN=build/knutepunkt, BENCH_DOC=docs/PERFORMANCE.md (empty: print only).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN_SRC=${BENCH_BIN:-$ROOT/build/knutepunkt}
DURATION=${BENCH_SECONDS:-15}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
FAMILIES=${BENCH_FAMILIES:-10000}
LOG_ENTRIES=${BENCH_LOG_ENTRIES:-100}
DOC=${BENCH_DOC-$ROOT/docs/PERFORMANCE.md}

log() { printf '[bench-families %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in wrk curl awk; do command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh)"; done
[[ -x $BIN_SRC ]] || die "$BIN_SRC not found: build first (make build)"

W=$(mktemp -d "${TMPDIR:-/tmp}/kp-bench-families.XXXXXX")
SERVER_PID=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf -- "$W"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BIN=$W/knutepunkt
cp "$BIN_SRC" "$BIN"
cp -r "$(dirname "$BIN_SRC")/locale" "$W/locale"
DB="sqlite:$W/families.db"
RESULTS=$W/results.tsv
: >"$RESULTS"

log "seeding the demo catalog and $FAMILIES families with $LOG_ENTRIES log entries each"
t0=$(date +%s%N)
"$BIN" seed-demo --db "$DB" --families "$FAMILIES" --log-entries "$LOG_ENTRIES" >"$W/seed.log" 2>&1 ||
  { cat "$W/seed.log" >&2; die "seed-demo failed"; }
SEED_S=$(( ($(date +%s%N) - t0) / 1000000000 ))
LOG_ROWS=$(sqlite3 "$W/families.db" 'SELECT COUNT(*) FROM family_log' 2>/dev/null || echo "?")
FAMILY_ROWS=$(sqlite3 "$W/families.db" 'SELECT COUNT(*) FROM families' 2>/dev/null || echo "?")
log "seeded $FAMILY_ROWS families, $LOG_ROWS log entries in ${SEED_S} s"

source "$ROOT/bench/lib.sh"

# Signs in as the demo coordinator the way a browser does (CSRF token from the form) and prints
# the session cookie.
login() {
  local jar=$W/jar page token
  rm -f "$jar"
  page=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/login")
  token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | head -n1)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$token" --data-urlencode "username=koordinator" \
    --data-urlencode "password=Fjordvik sommer 2026" --data-urlencode "next=/staff" "http://127.0.0.1:$PORT/login"
  awk '$6 == "kp_session" { print "kp_session=" $7 }' "$jar"
}

measure() {  # measure LABEL AUDIT URL COOKIE [CONNECTIONS]
  local label=$1 audit=$2 url=$3 cookie=$4 conns=${5:-$CONNS} raw=$W/wrk.txt
  log "$label (audit $audit): warm-up ${WARMUP}s, run ${DURATION}s"
  wrk -t"$THREADS" -c"$conns" -d"${WARMUP}s" --timeout 30s -H "Cookie: $cookie" "$url" >/dev/null 2>&1 || true
  wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --latency --timeout 30s -H "Cookie: $cookie" \
    -s "$ROOT/bench/wrk-report.lua" "$url" >"$raw" 2>&1 || true
  local line
  line=$(grep '^BENCH ' "$raw" || true)
  [[ -n $line ]] || { cat "$raw" >&2; die "wrk produced no result for $label"; }
  awk -v label="$label" -v audit="$audit" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      err = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_status"] + v["err_timeout"]
      printf "%s\t%s\t%.1f\t%.2f\t%.2f\t%d\n", label, audit, v["requests"] / (v["duration_us"] / 1e6),
             v["p50_us"] / 1000, v["p99_us"] / 1000, err
    }' <<<"$line" >>"$RESULTS"
  tail -n1 "$RESULTS" | awk -F'\t' '{ printf "    %s req/s, p50 %s ms, p99 %s ms, errors %s\n", $3, $4, $5, $6 }' >&2
}

AUDIT_BEFORE=$(sqlite3 "$W/families.db" 'SELECT COUNT(*) FROM audit_log' 2>/dev/null || echo 0)
for audit in true false; do
  start_server --audit-reads "$audit"
  COOKIE=$(login)
  [[ -n $COOKIE ]] || die "could not sign in as koordinator"
  base="http://127.0.0.1:$PORT"
  # The coordinator's first family from the list page, and a floor: an in-memory asset.
  FAMILY=$(curl -s -H "Cookie: $COOKIE" "$base/staff/families" | grep -o '/staff/families/[0-9a-f-]\{36\}' | head -n1)
  [[ -n $FAMILY ]] || die "the coordinator has no family to open"
  ASSET=$(curl -s "$base/login" | grep -o '/assets/app\.[0-9a-f]*\.css' | head -n1)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$base/staff/caseload")
  [[ $code == 200 ]] || die "the caseload page answered $code"
  [[ $audit == true ]] && measure "in-memory asset (baseline)" - "$base$ASSET" "$COOKIE"
  measure "caseload page" "$audit" "$base/staff/caseload" "$COOKIE"
  measure "family page" "$audit" "$base$FAMILY" "$COOKIE"
  # The same page with few requests in flight: what one request costs without the queue that
  # 64 connections on two cores (shared with wrk) build up.
  [[ $audit == true ]] && measure "family page, 4 connections" "$audit" "$base$FAMILY" "$COOKIE" 4
  stop_server
done
# The caseload is kept in memory while nothing it shows changes (this benchmark only reads), so
# the rows above are the kept caseload; this one recomputes it on every view — what the first
# view after any change of family data costs.
start_server --audit-reads true --caseload-cache-size 0
COOKIE=$(login)
measure "caseload page, computed every view" true "http://127.0.0.1:$PORT/staff/caseload" "$COOKIE"
stop_server
AUDIT_AFTER=$(sqlite3 "$W/families.db" 'SELECT COUNT(*) FROM audit_log' 2>/dev/null || echo 0)

TABLE=$W/table.md
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (wrk on the same cores), SQLite, ${CONNS} connections unless the row says otherwise, ${DURATION} s per run;"
  echo "$FAMILY_ROWS families, $LOG_ROWS log entries (seeded in ${SEED_S} s). The coordinator follows ~10 of them."
  echo "Ratios are against the in-memory asset measured in the same run."
  echo
  echo "| page | read audit | req/s | p50 ms | p99 ms | errors | req/s vs baseline |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR == 1 { base = $3 } { printf "| %s | %s | %s | %s | %s | %s | %.3f× |\n", $1, $2, $3, $4, $5, $6, base ? $3 / base : 0 }' "$RESULTS"
  echo
  awk -F'\t' '
    $1 == "caseload page" && $2 == "true" { ca = $3 } $1 == "caseload page" && $2 == "false" { cb = $3 }
    $1 == "family page" && $2 == "true" { fa = $3 } $1 == "family page" && $2 == "false" { fb = $3 }
    END { if (cb && fb) printf "Cost of the read audit: the caseload page keeps %.0f %% and the family page %.0f %% of its throughput with auditing on.\n", 100 * ca / cb, 100 * fa / fb }' "$RESULTS"
  echo "Audit records appended during the run: $((AUDIT_AFTER - AUDIT_BEFORE)) (every view of every family shown, group-committed)."
} >"$TABLE"
cat "$TABLE"

if [[ -n $DOC && -f $DOC ]]; then
  if grep -q '<!-- bench-families:start -->' "$DOC"; then
    awk -v table="$TABLE" '
      /<!-- bench-families:start -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
      /<!-- bench-families:end -->/ { skip = 0 }
      !skip { print }' "$DOC" >"$W/doc" && cp "$W/doc" "$DOC"
  else
    { echo; echo "## Family follow-up (bench/families.sh)"; echo; echo '<!-- bench-families:start -->'; cat "$TABLE"; echo '<!-- bench-families:end -->'; } >>"$DOC"
  fi
  log "wrote the table into $DOC"
fi
