#!/usr/bin/env bash
# Browser tests: seeds a throw-away demo database, starts the server on a free loopback port,
# runs e2e/*.test.mjs with node:test in Debian's Chromium (playwright-core, axe-core), and
# always stops the server and removes the database.
#
#   bash e2e/run.sh BUILD_DIR [e2e/some.test.mjs …]
#
# Exit status: 0 all passed, 1 something failed, 77 skipped (no Chromium, node or node_modules).
# Screenshots of failures and problems.jsonl/report.txt stay in a directory printed at the end.
# Environment: KP_E2E_CHROMIUM (default /usr/bin/chromium), KP_E2E_FILE_TIMEOUT (s, default 300).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="${1:-$root/build}"
shift || true
build="$(cd "$build" 2>/dev/null && pwd)" || { echo "e2e: no build directory ${1:-$root/build}" >&2; exit 1; }
bin="$build/knutepunkt"
chromium="${KP_E2E_CHROMIUM:-/usr/bin/chromium}"
file_timeout="${KP_E2E_FILE_TIMEOUT:-300}"

skip() { echo "e2e: SKIPPED: $*" >&2; exit 77; }
command -v node >/dev/null || skip "node is not installed"
[ -x "$chromium" ] || skip "no Chromium at $chromium (apt-get install chromium, or set KP_E2E_CHROMIUM)"
[ -d "$root/node_modules/playwright-core" ] && [ -d "$root/node_modules/axe-core" ] ||
  skip "node_modules/playwright-core or axe-core is missing (run npm ci in $root)"

# The binary may be in the middle of a rebuild: wait a little for it.
for _ in $(seq 1 60); do [ -x "$bin" ] && break; sleep 2; done
[ -x "$bin" ] || { echo "e2e: $bin does not exist (build first)" >&2; exit 1; }

if [ "$#" -gt 0 ]; then files=("$@"); else files=("$here"/public.test.mjs "$here"/editor.test.mjs "$here"/staff.test.mjs "$here"/families.test.mjs "$here"/equipment.test.mjs "$here"/activities.test.mjs); fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kp-e2e-db.XXXXXX")"
out="$(mktemp -d "${TMPDIR:-/tmp}/kp-e2e-out.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
# Bash runs a trap only when the foreground command ends, so the tests run in the background
# and we wait for them: a TERM (ctest's timeout, Ctrl+C) then stops them and the server at once.
child=""
on_signal() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

started=$(date +%s)
if ! "$bin" seed-demo --db "sqlite:$tmp/kp.db" >"$tmp/seed.log" 2>&1; then
  echo "e2e: seed-demo failed:" >&2
  cat "$tmp/seed.log" >&2
  exit 1
fi

# The demo user "leder" must set up two-step login, so the code pages get tested too.
if ! "$bin" user require-2fa leder on --db "sqlite:$tmp/kp.db" >>"$tmp/seed.log" 2>&1; then
  echo "e2e: could not require two-step login for leder:" >&2
  cat "$tmp/seed.log" >&2
  exit 1
fi

# Port 0: the kernel picks a free port, the server prints it. `timeout` is a last resort so the
# server never outlives a killed test run by long.
timeout 1200 "$bin" serve --db "sqlite:$tmp/kp.db" --listen 127.0.0.1:0 --plain-http true \
  --secret-file "$tmp/secret" --assets-dir "$root" >"$tmp/server.log" 2>&1 &
server_pid=$!

base=""
for _ in $(seq 1 150); do
  base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/server.log" | head -n1)"
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$base" ]; then
  echo "e2e: the server did not start:" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi
if ! node -e '
  const url = process.argv[1] + "/healthz";
  const until = Date.now() + 30000;
  (async () => {
    while (Date.now() < until) {
      try { if ((await fetch(url)).status === 200) process.exit(0); } catch {}
      await new Promise((r) => setTimeout(r, 200));
    }
    process.exit(1);
  })();' "$base"; then
  echo "e2e: $base/healthz did not answer 200 within 30 s:" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi
echo "e2e: server at $base (database $tmp/kp.db)"

status=0
for f in "${files[@]}"; do
  echo "e2e: === $(basename "$f")"
  KP_E2E_BASE_URL="$base" KP_E2E_OUT="$out" KP_E2E_CHROMIUM="$chromium" \
    timeout --kill-after=10 "$file_timeout" node --test --test-reporter=spec --test-timeout=240000 "$f" &
  child=$!
  wait "$child"
  rc=$?
  child=""
  if [ "$rc" -ne 0 ]; then
    status=1
    [ "$rc" -eq 124 ] && echo "e2e: $(basename "$f") took longer than ${file_timeout} s and was stopped" >&2
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server stopped during $(basename "$f"); its log:" >&2
    tail -n 50 "$tmp/server.log" >&2
    status=1
    break
  fi
done

node "$here/summary.mjs" "$out" || status=1
if grep -q '"level":"error"' "$tmp/server.log"; then
  echo "e2e: the server logged errors:" >&2
  grep '"level":"error"' "$tmp/server.log" | head -n 20 >&2
  status=1
fi
echo "e2e: $(( $(date +%s) - started )) s; screenshots, problems.jsonl and report.txt in $out"
[ "$status" -eq 0 ] && echo "e2e: PASSED" || echo "e2e: FAILED" >&2
exit "$status"
