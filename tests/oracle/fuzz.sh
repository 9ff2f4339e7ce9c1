#!/usr/bin/env bash
# Differential testing against real engines with generated scenarios:
# writes COUNT scenarios made from SEED (crates/fuzz/src/scenario.rs), records
# them on the engines of the chroots named (all three by default, at once:
# each runs in its own network namespace), and plays them on the simulator.
# Run as root from anywhere; see tests/oracle/README.md.
#   bash tests/oracle/fuzz.sh SEED COUNT [CHROOT ...]
# The scenarios and their facts stay in $ORACLE_FUZZ_OUT (default
# /tmp/composenet-fuzz-SEED); a scenario worth keeping is copied into
# tests/oracle/generated/ under a new name.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seed="${1:?usage: fuzz.sh SEED COUNT [CHROOT ...]}"
count="${2:?usage: fuzz.sh SEED COUNT [CHROOT ...]}"
shift 2
chroots=("$@")
[ ${#chroots[@]} -gt 0 ] || chroots=(/srv/bookworm /srv/trixie /srv/forky)
out="${ORACLE_FUZZ_OUT:-/tmp/composenet-fuzz-$seed}"

cd "$repo"
cargo run -q -p composenet-fuzz --bin oracle-gen -- --seed "$seed" --count "$count" --out "$out" || exit 1
for c in "${chroots[@]}"; do
    # A refused scenario (a line failed that the simulator accepted) is
    # reported by the recorder and shows up below as one without facts.
    bash "$here/record.sh" --chroot "$c" "$out"/gen-* >"$out/record-$(basename "$c").log" 2>&1 &
done
wait
grep -h "REFUSED" "$out"/record-*.log
ORACLE_GENERATED="$out" cargo test -q -p composenet-play --test oracle generated
