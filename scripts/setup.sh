#!/usr/bin/env bash
# Installs every Debian and npm package that building, running and testing Parley needs.
# Safe to run again: apt and npm skip what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

debs=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates python3 python3-jsonschema
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libtoml11-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev tzdata libre2-dev
  libsqlite3-dev sqlite3 libsodium-dev libssl-dev libcurl4-openssl-dev libicu-dev libvips-dev libmagic-dev ffmpeg
  libarchive-dev
  postgresql postgresql-client libpq-dev redis-server libhiredis-dev librdkafka-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 clang-format clang-tidy libclang-rt-14-dev libfuzzer-14-dev
  chromium fonts-noto-color-emoji
)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node packages of the test suites; npm ci only when the lock file changed since the last install.
for dir in tests/interop tests/e2e web; do
  if [ -f "$dir/package-lock.json" ]; then
    # npm 11 leaves other platforms' optional packages (Tailwind's native binaries) out of the
    # lock file and then refuses `npm ci`; `npm install --no-save` installs the locked versions.
    (cd "$dir" && { [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] ||
      npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
      npm install --no-save --no-audit --no-fund --loglevel=error; })
  fi
done
