#!/usr/bin/env bash
# Throw-away PostgreSQL 15 cluster for tests.
#   pg-test.sh start DIR   initialise and start a cluster in DIR (empty or absent), print its URL
#                          postgresql://postgres@127.0.0.1:PORT/kp_test (also saved in DIR/url)
#   pg-test.sh stop DIR    stop the cluster and remove DIR
# Both are idempotent. The cluster listens on 127.0.0.1 at a free port and on a socket in DIR,
# trusts every local connection, runs with fsync off and uses the C locale, so text sorts
# bytewise as the *_sort columns need. PostgreSQL refuses to run as root; as root the
# cluster runs as the `postgres` system user. Only the URL goes to stdout.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MARKER=.kp-pg-test

die() { echo "pg-test: $*" >&2; exit 1; }

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2
[[ -n $dir && $dir != / ]] || die "refusing to use '$dir'"

# Runs a command as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [[ -f $dir/data/postmaster.pid ]] && as_owner "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_cluster() {
  if [[ -d $dir/data ]] && is_running; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
}

remove_dir() {
  if [[ -d $dir ]]; then
    if [[ -f $dir/$MARKER ]] || [[ -z $(ls -A "$dir") ]]; then
      rm -rf -- "$dir"
    else
      die "$dir was not made by pg-test.sh; not removing it"
    fi
  fi
}

# Leaves nothing behind when start fails at any step.
start_failed() {
  echo "pg-test: start failed" >&2
  [[ -f $dir/log ]] && tail -n 20 "$dir/log" >&2
  [[ -f $dir/initdb.log ]] && tail -n 20 "$dir/initdb.log" >&2
  stop_cluster
  rm -rf -- "$dir"
}

start() {
  if [[ -f $dir/$MARKER && -f $dir/url ]] && is_running; then
    cat "$dir/url"
    return
  fi
  if [[ -d $dir && ! -f $dir/$MARKER && -n $(ls -A "$dir") ]]; then
    die "$dir is not empty and was not made by pg-test.sh"
  fi
  # A stale cluster from an earlier run that died: start over.
  [[ -f $dir/$MARKER ]] && { stop_cluster; rm -rf -- "$dir"; }

  [[ -x $PGBIN/initdb ]] || die "PostgreSQL not found in $PGBIN (set PGBIN)"
  mkdir -p -- "$dir"
  touch "$dir/$MARKER"
  dir=$(cd "$dir" && pwd)
  trap start_failed EXIT
  if [[ $(id -u) -eq 0 ]]; then
    getent passwd postgres >/dev/null || die "running as root needs the 'postgres' system user"
    chown -R postgres: "$dir"
    runuser -u postgres -- test -w "$dir" || die "user postgres cannot write to $dir (check the parent folders' permissions)"
  fi

  as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1

  local port attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    # Another process may take the port between the check and the bind: then try another.
    if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null 2>&1; then
      break
    fi
    port=
  done
  [[ -n $port ]] || false

  as_owner "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE DATABASE kp_test" >/dev/null
  local url="postgresql://postgres@127.0.0.1:$port/kp_test"
  echo "$url" >"$dir/url"
  trap - EXIT
  echo "$url"
}

case $cmd in
  start) start ;;
  stop) stop_cluster; remove_dir ;;
  *) usage ;;
esac
