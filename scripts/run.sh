#!/usr/bin/env bash
# Installs what Parley needs, builds it, and runs it on the embedded default at
# http://localhost:3000. Arguments are passed to parley (see `parley --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
exec build/server/app/parley "$@"
