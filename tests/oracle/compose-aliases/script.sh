# Compose aliases: the container name, the service name and the aliases
# resolve on the network that declares them, not on the other.
# order-free: networks interfaces
# names: api-alias back-only
docker compose up -d
