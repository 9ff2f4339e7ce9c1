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
#
# The standard library is rebuilt with the page (`build-std`, source from
# rustup's rust-src) so that it is optimised for size like the rest and
# takes its smaller implementations (`optimize_for_size`): 20 KB gzip.
# A panic aborts at once (`panic=immediate-abort`), without formatting a
# message: 12 KB gzip. The page then learns of it as a WebAssembly trap,
# which www/crash.js turns into the same restart the panic hook gives the
# other builds. The CLI and the tests keep ordinary panics. Derived
# `Debug` prints only the type's name (`fmt-debug=shallow`): nothing the
# page shows goes through a derived `Debug` (strings, numbers and durations
# keep theirs), and the config hash is fed by `Hash`, not by that text.
# LLVM inlines nothing by size alone (`inline-threshold=0`): 1 KB gzip.
# `--cfg composenet_page` leaves out what only the command line needs
# (`docker compose config`'s YAML printer, 4 KB gzip).
# The wasm is optimised for size (Cargo.toml's release profile is for the
# native builds' speed).
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=shallow -Cllvm-args=-inline-threshold=0 --cfg composenet_page"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
trunk build --release --dist "$DIST" >&2

# A strict Content-Security-Policy: everything from the page's own origin,
# no remote origins, nothing inline but trunk's one module script that
# starts the wasm (allowed by its hash, computed here because its text
# names the build's hashed file names), WebAssembly allowed to compile.
python3 - "$DIST/index.html" <<'PY'
import base64, hashlib, re, sys
path = sys.argv[1]
html = open(path, encoding="utf-8").read()
scripts = re.findall(r"<script type=\"module\">(.*?)</script>", html, re.S)
if len(scripts) != 1:
    sys.exit(f"build-web: expected trunk's one inline script in {path}, found {len(scripts)}")
def sha256(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()
digest = sha256(scripts[0].encode("utf-8"))
# The exported drawing carries its own <style> (crates/draw); the PNG export
# draws it as an image of this page, so that one style is allowed by hash.
drawing = sha256(open("crates/draw/src/standalone.css", "rb").read())
policy = ("default-src 'self'; "
          f"script-src 'self' 'sha256-{digest}' 'wasm-unsafe-eval'; "
          f"style-src 'self' 'sha256-{drawing}'; img-src 'self' data: blob:; connect-src 'self'; "
          "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
html = html.replace("<head>", "<head>\n    " + meta, 1)
open(path, "w", encoding="utf-8").write(html)
PY

wasm=$(ls "$DIST"/*.wasm)
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "wasm after wasm-opt: $(basename "$wasm"): $((raw / 1024)) KB raw, $((gz / 1024)) KB gzip (budget ${BUDGET_KB} KB gzip)"
if [ "$gz" -gt $((BUDGET_KB * 1024)) ]; then
  echo "error: the wasm is over its ${BUDGET_KB} KB gzip budget" >&2
  exit 1
fi
