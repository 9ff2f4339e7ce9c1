#!/bin/bash
# Start or stop a Docker engine from a Debian chroot made by debootstrap
# (docker.io: /srv/bookworm = 20.10, /srv/trixie = 26.1, /srv/forky = 28.5)
# for recording oracle facts (record.sh --chroot DIR uses it). Adapted from
# ../shared/oracle/newer-engine.sh: bookworm has no separate docker-cli
# package, and the chroot's /etc/hosts is the machine's.
# The engine runs chrooted, in a private mount namespace and in its own network
# namespace, so its bridges/veths never touch the host's links or another engine.
# The netns gets an eth0 192.0.2.2/24 (default via 192.0.2.1), so address-pool
# choices do not depend on the machine's own links.
# Usage: CHROOT=/srv/forky engine-chroot.sh setup|start|stop|restart
#   setup   debootstrap the chroot (bookworm -> docker.io 20.10, trixie -> 26.1,
#           forky -> 28.5) and install the engine
#   start   prints the DOCKER_HOST to export; the engine's own CLI is $CHROOT/usr/bin/docker
set -e
CHROOT=${CHROOT:-/srv/trixie}
NS=${ENGINE_NETNS:-oracle-$(basename $CHROOT)}
SOCK=$CHROOT/run/docker-oracle.sock          # host path of the engine's socket
PIDF=$CHROOT/run/docker-oracle.pid
DATA=$CHROOT/var/lib/docker-oracle
EXEC=$CHROOT/run/docker-oracle
D=${DOCKER:-$CHROOT/usr/bin/docker}           # the engine's own client (runs on the host)
NS_ADDR=${NS_ADDR:-192.0.2.2/24}
NS_GW=${NS_GW:-192.0.2.1}
dk() { DOCKER_HOST=unix://$SOCK $D "$@"; }

stop() {
  ids=$(dk ps -aq 2>/dev/null || true)
  [ -n "$ids" ] && dk rm -f $ids >/dev/null 2>&1 || true
  dk network prune -f >/dev/null 2>&1 || true
  if [ -f $PIDF ]; then
    pid=$(cat $PIDF); kill $pid 2>/dev/null || true
    for i in $(seq 75); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
  fi
  if [ -e /run/netns/$NS ]; then
    # Anything still inside our own netns was started by this script (dockerd's
    # containerd, shims): end it by PID.
    for p in $(ip netns pids $NS 2>/dev/null); do kill $p 2>/dev/null || true; done
    sleep 0.5
    for p in $(ip netns pids $NS 2>/dev/null); do kill -9 $p 2>/dev/null || true; done
    # Drop the bridges and veth ends this engine made (they live only in its netns).
    for b in $(ip -n $NS -o link show type bridge | awk -F': ' '{print $2}' | grep -E '^(br-|docker0$)'); do ip -n $NS link del $b; done
    for v in $(ip -n $NS -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^veth'); do ip -n $NS link del $v 2>/dev/null; done
    ip netns del $NS
  fi
  rm -f $PIDF $SOCK
  rm -rf $DATA/network $DATA/containers $EXEC
}

start() {
  mkdir -p $DATA $CHROOT/run
  ip netns add $NS
  ip -n $NS link set lo up
  # No dummy driver in this kernel: a veth pair with BOTH ends inside the netns.
  ip -n $NS link add eth0 type veth peer name uplink0
  ip -n $NS addr add $NS_ADDR dev eth0
  ip -n $NS link set uplink0 up
  ip -n $NS link set eth0 up
  ip -n $NS route add default via $NS_GW
  ip netns exec $NS sysctl -qw net.ipv4.ip_forward=0
  # nsenter (not `ip netns exec`) keeps the host's /sys/fs/cgroup mounts visible.
  # The mounts below live in a private mount namespace: they vanish with dockerd.
  # pivot_root (not a bare chroot) makes the chroot the root of that namespace;
  # otherwise `docker exec` processes would land in the host's root (runc setns).
  mkdir -p $CHROOT/.oldroot
  setsid nsenter --net=/run/netns/$NS unshare -m --propagation private /bin/sh -c "
    mount --bind $CHROOT $CHROOT &&
    mount -t proc proc $CHROOT/proc &&
    mount -t sysfs sysfs $CHROOT/sys &&
    mount --rbind /sys/fs/cgroup $CHROOT/sys/fs/cgroup &&
    mount --rbind /dev $CHROOT/dev &&
    mount --rbind /tmp $CHROOT/tmp &&
    cd $CHROOT && pivot_root . .oldroot &&
    exec chroot . /bin/sh -c 'umount -l /.oldroot && exec /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      /usr/sbin/dockerd --iptables=false --ip-forward=false --ip-masq=false \
      --userland-proxy=false --storage-driver vfs --data-root /var/lib/docker-oracle \
      --exec-root /run/docker-oracle -H unix:///run/docker-oracle.sock \
      --pidfile /run/docker-oracle.pid --cgroup-parent /docker-oracle'
  " >$CHROOT/run/docker-oracle.log 2>&1 </dev/null &
  for i in $(seq 300); do dk info >/dev/null 2>&1 && break; sleep 0.2; done
  if ! dk run --rm bb:local true >/dev/null 2>&1; then
    dk rmi -f bb:local >/dev/null 2>&1 || true
    # The host's BusyBox, so in-container tools match a 20.10 recording made with it.
    t=$(mktemp -d); mkdir -p $t/bin $t/etc; cp /bin/busybox $t/bin/
    for a in sh ls cat ip ping nslookup sleep hostname wget nc echo grep true false env ps kill id; do ln -sf busybox $t/bin/$a; done
    tar -C $t -c . | dk import -c 'CMD ["/bin/sleep","100000"]' - bb:local >/dev/null
    rm -rf $t
  fi
  echo "export DOCKER_HOST=unix://$SOCK"
}

setup() {
  suite=$(basename $CHROOT)
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
  if [ ! -x $CHROOT/usr/sbin/dockerd ]; then
    script=/usr/share/debootstrap/scripts/$suite
    [ -e $script ] || script=/usr/share/debootstrap/scripts/sid   # forky is testing: sid's script
    # The same Debian archive the machine's own apt uses.
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
    [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
    [ -e $CHROOT/etc/debian_version ] || debootstrap --variant=minbase $suite $CHROOT $mirror $script
    cp /etc/resolv.conf $CHROOT/etc/resolv.conf
    cp /etc/hosts $CHROOT/etc/hosts
    # This machine's clock may be later than the archive's Valid-Until.
    echo 'Acquire::Check-Valid-Until "false";' > $CHROOT/etc/apt/apt.conf.d/99novalid
    chroot $CHROOT apt-get update -qq
    # From trixie on the client is its own package; bookworm's docker.io has it.
    cli=$(chroot $CHROOT apt-cache show docker-cli >/dev/null 2>&1 && echo docker-cli || true)
    chroot $CHROOT env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      docker.io $cli busybox-static iproute2 >/dev/null
  fi
  echo "engine: $(chroot $CHROOT dockerd --version)"
}

case "$1" in
  setup) setup ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
esac
