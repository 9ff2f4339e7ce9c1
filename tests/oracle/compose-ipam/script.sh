# Compose IPAM: a subnet with the gateway not at .1, an ip_range, auxiliary
# addresses that the allocator skips, and static ipv4_address.
docker compose up -d
