#!/usr/bin/env bash
# Builds the browser app for release into DIST (default: dist/) and reports
# the size of its wasm after wasm-opt, raw and gzip. The budget is 500 KB
# gzip; the build fails above it.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST="${1:-dist}"
BUDGET_KB=500

bash scripts/setup-web.sh
export PATH="$PWD/www/e2e/node_modules/.bin:$PATH"
# trunk prints long backtraces for ordinary errors when this is set.
unset RUST_BACKTRACE
# Panic locations (file, line and column of every `unwrap`, index and
# arithmetic check) mean nothing to a reader of the page and cost 8 KB
# gzip. `-Zlocation-detail=none` drops them; it is unstable, so the stable
# compiler is asked to accept it (RUSTC_BOOTSTRAP) for the page's release
# build only. Panic messages themselves are kept.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none"
trunk build --release --dist "$DIST" >&2

wasm=$(ls "$DIST"/*.wasm)
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "wasm after wasm-opt: $(basename "$wasm"): $((raw / 1024)) KB raw, $((gz / 1024)) KB gzip (budget ${BUDGET_KB} KB gzip)"
if [ "$gz" -gt $((BUDGET_KB * 1024)) ]; then
  echo "error: the wasm is over its ${BUDGET_KB} KB gzip budget" >&2
  exit 1
fi
