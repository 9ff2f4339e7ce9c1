# A compose alias equal to the service name: the engine keeps it twice in
# the endpoint's Aliases (`[api, api, backend, <id>]`-like), as Compose
# sends the service name and the aliases without removing duplicates.
# order-free: addresses
docker compose up -d
