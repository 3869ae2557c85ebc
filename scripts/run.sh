#!/usr/bin/env bash
# Installs what Parley needs, builds the server and the web client, and runs Parley on the
# embedded default at http://localhost:3000. Arguments are passed to parley (`parley --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
(cd web && npm run build --silent)
exec build/server/app/parley "$@"
