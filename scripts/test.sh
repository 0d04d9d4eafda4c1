#!/usr/bin/env bash
# `make test`: everything, on a fresh machine. Builds the normal and the sanitizer build,
# starts a throw-away PostgreSQL, runs the unit, store (both engines), page, browser and
# fuzz tests, and ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}

step() { printf '\n== %s ==\n' "$*"; }

step "build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS"

step "build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$JOBS"

if [ -f fuzz/CMakeLists.txt ]; then
  step "build (libFuzzer targets, clang)"
  CXX=clang++ cmake -S fuzz -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build-fuzz -j"$JOBS"
fi

step "tests under the sanitizers (SQLite and PostgreSQL, browser)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
(cd build-asan && ../scripts/with-pg.sh ctest --output-on-failure -j2 -L "unit|e2e")

step "all tests (SQLite and PostgreSQL, browser, fuzz)"
cd build
exec ../scripts/with-pg.sh ctest --output-on-failure -j2
