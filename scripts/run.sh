#!/usr/bin/env bash
# `make run`: create the demo database if it is missing, print the demo logins, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
DB=${2:-sqlite:var/knutepunkt.db}
BIN="$BUILD/knutepunkt"
mkdir -p var
if [[ "$DB" == sqlite:* ]] && [ ! -f "${DB#sqlite:}" ]; then
  echo "Creating the demo database ${DB#sqlite:} …"
  "$BIN" seed-demo --db "$DB" >/dev/null
else
  "$BIN" migrate --db "$DB" >/dev/null
fi
LISTEN=${KNUTEPUNKT_LISTEN:-127.0.0.1:8080}
cat <<MSG

  Knutepunkt: http://$LISTEN/

  Demo logins (password: "Fjordvik sommer 2026"):
    admin            administrator
    redaktor         catalog editor (two voluntary organisations)
    koordinator      family coordinator
    helsesykepleier  service employee (public health nurse)
    leder            leader of the hub

MSG
# Plain HTTP is for this local development server only; production runs behind nginx (TLS).
exec "$BIN" serve --db "$DB" --listen "$LISTEN" --plain-http true
