#!/usr/bin/env bash
# The main job, from a fresh clone: build the composenet CLI and play the
# seed's WordPress compose file on a simulated Docker host.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p composenet
exec target/release/composenet up tests/seeds/compose-wordpress/compose.yaml "$@"
