#!/usr/bin/env bash
# bench/activities.sh — the enrolment burst of `make bench` (see docs/PERFORMANCE.md).
#
# Public sign-ups (POST /activities/{id}: one guardian, one child; the receipt page is the
# answer) with wrk at 64 connections, against one activity with 15 places and against 500
# activities with 15 places each, on SQLite and on PostgreSQL (a throw-away cluster from
# scripts/pg-test.sh, which runs with fsync off — SQLite runs with synchronous=FULL). Sign-ups
# are group-committed by activities::Enroller. After each run the database is checked:
# overbookings (an activity with more children holding a place than its public places) must be
# 0, and every answered sign-up must be stored.
# The table replaces the part of docs/PERFORMANCE.md between <!-- bench-activities:start -->
# and <!-- bench-activities:end -->. Everything it starts is removed on exit.
#
# Settings (environment): BENCH_SECONDS=10, BENCH_WARMUP=2, BENCH_CONNECTIONS=64,
# BENCH_THREADS=2, BENCH_ENGINES="sqlite postgres", BENCH_BIN=build/knutepunkt,
# BENCH_DOC=docs/PERFORMANCE.md (empty: print only).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN_SRC=${BENCH_BIN:-$ROOT/build/knutepunkt}
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
DOC=${BENCH_DOC-$ROOT/docs/PERFORMANCE.md}
PLACES=15
WORKERS=${BENCH_WORKERS:-$CONNS}

log() { printf '[bench-activities %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in wrk curl awk sqlite3; do command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh)"; done
[[ -x $BIN_SRC ]] || die "$BIN_SRC not found: build first (make build)"

W=$(mktemp -d "${TMPDIR:-/tmp}/kp-bench-activities.XXXXXX")
SERVER_PID=
PG_DIR=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n $PG_DIR ]]; then "$ROOT/scripts/pg-test.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; fi
  rm -rf -- "$W"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BIN=$W/knutepunkt
cp "$BIN_SRC" "$BIN"
cp -r "$(dirname "$BIN_SRC")/locale" "$W/locale"
RESULTS=$W/results.tsv
: >"$RESULTS"

DB=
sql() {  # sql "STATEMENT": runs one statement, prints rows as "a|b"
  case $DB in
    sqlite:*) sqlite3 "${DB#sqlite:}" "$1" ;;
    *) psql -qtAX -d "$DB" -c "$1" ;;
  esac
}

# Adds N published activities with 15 places and an open sign-up window; ids into FILE.
add_activities() {  # add_activities N FILE
  local n=$1 file=$2 offer mun id i stmts=$W/acts.sql
  IFS='|' read -r offer mun <<<"$(sql "SELECT id, municipality_id FROM offers ORDER BY id LIMIT 1")"
  [[ -n $offer ]] || die "the demo catalog has no offer"
  : >"$file"
  {
    echo "BEGIN;"
    for ((i = 0; i < n; i++)); do
      id=$(cat /proc/sys/kernel/random/uuid)
      echo "$id" >>"$file"
      echo "INSERT INTO activities (id, municipality_id, offer_id, title, title_sort, starts_on, ends_on, capacity," \
        "reserved_places, price_ore, signup_opens, signup_closes, allocation, status, version, created_at, updated_at)" \
        "VALUES ('$id', '$mun', '$offer', 'Bench $i', 'bench $i', '2099-06-01', '2099-06-05', $PLACES, 0, 0, 0," \
        "4102444800, 'first_come', 'published', 1, 0, 0);"
    done
    echo "COMMIT;"
  } >"$stmts"
  case $DB in
    sqlite:*) sqlite3 "${DB#sqlite:}" <"$stmts" ;;
    *) psql -qX -d "$DB" -f "$stmts" >/dev/null ;;
  esac
}

source "$ROOT/bench/lib.sh"

# Overbooked activities: more children holding a place than the activity's public places.
overbooked() {
  sql "SELECT COUNT(*) FROM activities a WHERE (SELECT COUNT(*) FROM participants p WHERE p.activity_id = a.id AND p.status IN ('confirmed', 'offered')) > a.capacity - a.reserved_places"
}

measure() {  # measure ENGINE LABEL IDS_FILE
  local engine=$1 label=$2 ids=$3 raw=$W/wrk.txt jar=$W/jar page token cookie first before after over
  first=$(head -n1 "$ids")
  rm -f "$jar"
  page=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/activities/$first")
  token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | head -n1)
  cookie=$(awk '$6 == "kp_csrf" { print "kp_csrf=" $7 }' "$jar")
  [[ -n $token && -n $cookie ]] || die "no sign-up form on /activities/$first"
  export BENCH_ACTIVITIES=$ids BENCH_CSRF=$token BENCH_COOKIE=$cookie
  # PostgreSQL plans from table statistics; the previous run just added thousands of rows that
  # autovacuum has not analysed yet, and stale statistics make it scan instead of using the
  # indexes. A running installation is analysed by autovacuum; here we do it by hand.
  [[ $engine == postgres ]] && sql "ANALYZE" >/dev/null
  log "$engine, $label: warm-up ${WARMUP}s, run ${DURATION}s"
  wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout 30s -s "$ROOT/bench/wrk-signup.lua" \
    "http://127.0.0.1:$PORT" >/dev/null 2>&1 || true
  before=$(sql "SELECT COUNT(*) FROM signups")
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency --timeout 30s -s "$ROOT/bench/wrk-signup.lua" \
    "http://127.0.0.1:$PORT" >"$raw" 2>&1 || true
  after=$(sql "SELECT COUNT(*) FROM signups")
  # PostgreSQL: transactions committed and rolled back (serialization retries show here).
  [[ $engine == postgres ]] && log "    commits|rollbacks so far: $(sql "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")"
  over=$(overbooked)
  local line
  line=$(grep '^BENCH ' "$raw" || true)
  [[ -n $line ]] || { cat "$raw" >&2; die "wrk produced no result for $label"; }
  awk -v engine="$engine" -v label="$label" -v stored=$((after - before)) -v over="$over" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      err = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_status"] + v["err_timeout"]
      printf "%s\t%s\t%.0f\t%.2f\t%.2f\t%d\t%d\t%d\t%s\n", engine, label, stored / (v["duration_us"] / 1e6),
             v["p50_us"] / 1000, v["p99_us"] / 1000, err, v["requests"], stored, over
    }' <<<"$line" >>"$RESULTS"
  tail -n1 "$RESULTS" | awk -F'\t' '{ printf "    %s sign-ups/s, p50 %s ms, p99 %s ms, errors %s, answered %s, stored %s, overbooked %s\n", $3, $4, $5, $6, $7, $8, $9 }' >&2
}

for engine in $ENGINES; do
  case $engine in
    sqlite) DB="sqlite:$W/activities.db" ;;
    postgres)
      command -v psql >/dev/null || die "psql is not installed"
      # Its own folder, not inside $W (mode 700): the cluster may run as the postgres user.
      PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kp-pg.XXXXXX")
      DB=$("$ROOT/scripts/pg-test.sh" start "$PG_DIR") ;;
    *) die "unknown engine $engine" ;;
  esac
  log "$engine: seeding the demo catalog"
  "$BIN" seed-demo --db "$DB" --families 1 >"$W/seed.log" 2>&1 || { cat "$W/seed.log" >&2; die "seed-demo failed"; }
  add_activities 1 "$W/one.txt"
  add_activities 500 "$W/many.txt"
  start_server --trust-forwarded-for true --worker-threads "$WORKERS"
  measure "$engine" "1 activity, $PLACES places" "$W/one.txt"
  measure "$engine" "500 activities, $PLACES places each" "$W/many.txt"
  stop_server
  if [[ -n $PG_DIR ]]; then "$ROOT/scripts/pg-test.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; PG_DIR=; fi
done

TABLE=$W/table.md
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (wrk on the same cores), ${CONNS} connections, ${DURATION} s per run;"
  echo "each request is a public sign-up (form post → receipt page) for one child. SQLite runs with synchronous=FULL;"
  echo "the throw-away PostgreSQL cluster runs with fsync off. Sign-ups/s counts sign-ups stored during the run."
  echo
  echo "| engine | activities | sign-ups/s | p50 ms | p99 ms | errors | answered | stored | overbooked activities |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$RESULTS"
} >"$TABLE"
cat "$TABLE"

if [[ -n $DOC && -f $DOC ]]; then
  if grep -q '<!-- bench-activities:start -->' "$DOC"; then
    awk -v table="$TABLE" '
      /<!-- bench-activities:start -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
      /<!-- bench-activities:end -->/ { skip = 0 }
      !skip { print }' "$DOC" >"$W/doc" && cp "$W/doc" "$DOC"
  else
    { echo; echo "## Activities: the enrolment burst (bench/activities.sh)"; echo; echo '<!-- bench-activities:start -->'; cat "$TABLE"; echo '<!-- bench-activities:end -->'; } >>"$DOC"
  fi
  log "wrote the table into $DOC"
fi
awk -F'\t' '$9 != 0 { bad = 1 } END { exit bad }' "$RESULTS" || die "overbooking found"
