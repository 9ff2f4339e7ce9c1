#!/usr/bin/env bash
# The main job: installs the web toolchain if needed, builds the browser app
# for release, and serves it locally with the seed's WordPress compose file
# open. Stop it with Ctrl-C. PORT picks another port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
bash scripts/build-web.sh dist
echo
echo "composenet is served at: http://127.0.0.1:$PORT/?scenario=seed-compose-wordpress"
echo "(everything runs in the page; the server only hands out static files)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
