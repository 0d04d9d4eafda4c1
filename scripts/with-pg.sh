#!/usr/bin/env bash
# with-pg.sh CMD…: runs CMD with KP_TEST_PG_URL pointing at a throw-away PostgreSQL cluster
# (scripts/pg-test.sh) that is always removed afterwards. Exits with CMD's status.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: $0 CMD…" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/kp-pg.XXXXXX")
trap '"$here/pg-test.sh" stop "$dir" >/dev/null 2>&1 || rm -rf -- "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

KP_TEST_PG_URL=$("$here/pg-test.sh" start "$dir")
export KP_TEST_PG_URL

set +e
"$@"
status=$?
set -e
exit "$status"
