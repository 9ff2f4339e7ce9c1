# Two projects on one external network: a service name both use resolves to
# both projects' containers; each project's default network stays private.
# order-free: interfaces
docker network create shared
docker compose -f one/compose.yaml up -d
docker compose -f two/compose.yaml up -d
