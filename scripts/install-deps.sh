#!/usr/bin/env bash
# Installs the Debian 12 packages and npm assets Knutepunkt needs. Idempotent: does nothing
# when everything is present. Run as root (or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
  build-essential cmake ccache pkg-config
  libboost1.81-dev libboost-locale1.81-dev
  libsqlite3-dev libpq-dev postgresql
  libsodium-dev libfmt-dev nlohmann-json3-dev zlib1g-dev libicu-dev libjemalloc-dev
  libpango1.0-dev libcairo2-dev fonts-noto-core fonts-noto-ui-core fonts-dejavu-core
  libgtest-dev libgmock-dev gettext
  clang libclang-rt-14-dev
  chromium nginx-light wrk poppler-utils python3-jsonschema sqlite3
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v npm >/dev/null || { echo "npm is missing: install nodejs and npm"; exit 1; }
# npm assets (Designsystemet CSS) and browser-test tools (playwright-core, axe-core).
if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch node_modules
fi
