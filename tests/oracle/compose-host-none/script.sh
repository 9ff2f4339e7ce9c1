# Compose network_mode host and none next to a normal service.
docker compose up -d
