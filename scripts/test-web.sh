#!/usr/bin/env bash
# The browser tests: component tests with wasm-bindgen-test in headless
# Chromium, then end-to-end tests of the release build with playwright-core.
# Screenshots land in target/e2e-screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-web.sh
export PATH="$PWD/www/e2e/node_modules/.bin:$PATH"

cargo test --locked --target wasm32-unknown-unknown -p composenet-www --test browser

# The release build reports the wasm's gzip size and fails over budget.
bash scripts/build-web.sh target/e2e-site
E2E_DIST="$PWD/target/e2e-site" E2E_SHOTS="$PWD/target/e2e-screenshots" \
  node --test --test-concurrency=1 www/e2e/
