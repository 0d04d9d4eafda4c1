#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a copy of its seed corpus (the repository
# is never written), for make test (see fuzz/tests.cmake).
#   fuzz/run-one.sh BINARY SEED_DIR [DICTIONARY]
# KP_FUZZ_SECONDS (default 20) is the run time. Fails when the binary is missing or libFuzzer
# reports a finding (crash, sanitizer report, leak, timeout, out-of-memory); the reproducer is
# kept under build-fuzz/artifacts/ and its path printed.
set -uo pipefail

bin=$1
seeds=$2
dict=${3:-}
secs=${KP_FUZZ_SECONDS:-20}
name=$(basename "$bin")

if [ ! -x "$bin" ]; then
  echo "error: $bin is missing; build the fuzz targets first:" >&2
  echo "  CXX=clang++ cmake -S fuzz -B build-fuzz && cmake --build build-fuzz -j2" >&2
  exit 1
fi
if [ ! -d "$seeds" ]; then
  echo "error: seed corpus $seeds is missing" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kp-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cp -R "$seeds"/. "$work/corpus/"

artifacts="$(cd "$(dirname "$bin")" && pwd)/artifacts/$name"
mkdir -p "$artifacts"
before=$(ls -1 "$artifacts" | wc -l)

args=(-max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
      -artifact_prefix="$artifacts/")
[ -n "$dict" ] && [ -f "$dict" ] && args+=(-dict="$dict")

# Sanitizer reports must stop the run; keep any options the caller set.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "$ $bin ${args[*]} <copy of $seeds>"
"$bin" "${args[@]}" "$work/corpus" >"$work/log" 2>&1
rc=$?

# The summary lines are enough when all is well; everything when not.
if [ $rc -eq 0 ]; then
  grep -E '^(INFO: Seed|#[0-9]+[[:space:]]+(INITED|DONE)|stat::)' "$work/log" || tail -n 20 "$work/log"
  exit 0
fi
cat "$work/log"
echo
echo "FUZZ FINDING in $name (exit $rc)."
after=$(ls -1 "$artifacts" | wc -l)
if [ "$after" -gt "$before" ]; then
  for f in $(ls -1t "$artifacts" | head -n $((after - before))); do
    echo "reproducer: $artifacts/$f ($(wc -c <"$artifacts/$f") bytes)"
    head -c 512 "$artifacts/$f" | od -A x -t x1z | head -n 20
    echo "reproduce: $bin $artifacts/$f"
  done
fi
exit 1
