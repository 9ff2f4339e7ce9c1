# Two projects on one external network, each with a service called api.
docker network create shared
docker compose up -d
docker compose -f billing/compose.yaml up -d
