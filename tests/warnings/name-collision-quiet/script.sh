# Two projects on one external network, with distinct service names.
docker network create shared
docker compose up -d
docker compose -f billing/compose.yaml up -d
