#!/usr/bin/env bash
# Sets up what the tests need and runs every test. Idempotent: a second run
# only re-runs the tests. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# The shared corpus lives beside the repository (../shared/corpus); the
# corpus tests find it through COMPOSENET_CORPUS when it is elsewhere.
# Without it they are skipped, with a line saying so, unless CI is set or
# COMPOSENET_CORPUS was given: then they fail.
corpus="${COMPOSENET_CORPUS:-$(cd .. && pwd)/shared/corpus}"
if [ ! -d "$corpus" ]; then
  echo "warning: corpus not found at $corpus; corpus tests are skipped (fail under CI)" >&2
fi

command -v cargo >/dev/null || { echo "cargo is required (rustup)" >&2; exit 1; }

cargo fmt --all -- --check
cargo build --workspace --all-targets --locked
# Lints are errors: the tree stays clippy-clean.
cargo clippy --workspace --all-targets --locked -- -D warnings
# Native tests: model, loaders, player, CLI, the oracle comparison, the
# web app's pure parts and the tidy rules (xtask).
cargo test --workspace --locked -- --test-threads=2
# Browser tests: installs the web toolchain and Chromium (Debian) first.
bash scripts/test-web.sh
