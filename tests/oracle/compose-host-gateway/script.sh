# host.docker.internal exists on Linux only where extra_hosts maps it to
# host-gateway (the default bridge's gateway), and only in /etc/hosts.
# names: host.docker.internal
# order-free: addresses
docker compose up -d
