docker compose up -d
# The storefront is on web only: postgres is on data, so its name does not
# resolve there at all.
docker compose exec storefront nslookup postgres
# orders is on api, data and events: it finds kafka and postgres.
docker compose exec orders nslookup kafka
docker compose exec orders ping -c 1 postgres
# The gateway bridges web, api and ops, but not data.
docker compose exec gateway ping -c 1 redis
docker network ls
