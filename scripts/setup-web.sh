#!/usr/bin/env bash
# Installs what building and testing the browser app needs, following
# ../shared/toolchain.md. Idempotent and quick the second time: every step
# first checks whether its tool is already there in the right version.
# Nothing here downloads a browser or a prebuilt binary: Rust tools come
# from crates.io, wasm-opt and playwright-core from npm, Chromium from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock)

say() { echo "setup-web: $*" >&2; }

rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
# The page's release build recompiles the standard library for size
# (scripts/build-web.sh), which needs its source.
rustup component list --installed | grep -q '^rust-src' \
  || rustup component add rust-src
# trunk runs cargo offline (Trunk.toml), and a rebuilt standard library
# resolves its own dependencies (library/Cargo.lock: compiler_builtins,
# moto-rt, ...), which no workspace build has fetched on a fresh machine.
# Fetched here, online, from the lock file rust-src ships; quick once they
# are in cargo's cache.
RUSTC_BOOTSTRAP=1 cargo fetch --locked --quiet \
  --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Without --locked: the CLI's own lock file names a crate version the
  # registry no longer has.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian's binaryen (108) cannot read today's wasm and would shadow npm's.
if dpkg -s binaryen >/dev/null 2>&1; then
  say "removing Debian's binaryen"
  apt-get remove -y binaryen >/dev/null
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver from Debian"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# A CJK font, so the Korean page's screenshots show Hangul, not boxes.
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  say "installing fonts-noto-cjk from Debian"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null
fi

# npm packages live in www/e2e/node_modules (binaryen's wasm-opt,
# playwright-core, which never downloads a browser, and mermaid, whose
# parser the e2e tests hold the exported flowchart to).
if [ ! -x www/e2e/node_modules/.bin/wasm-opt ] \
   || [ ! -d www/e2e/node_modules/playwright-core ] \
   || ! cmp -s www/e2e/package.json www/e2e/node_modules/.installed-package.json; then
  say "installing npm packages (binaryen, playwright-core, mermaid)"
  (cd www/e2e && npm install --no-audit --no-fund --loglevel=error \
     && cp package.json node_modules/.installed-package.json)
fi
say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(www/e2e/node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1)"
