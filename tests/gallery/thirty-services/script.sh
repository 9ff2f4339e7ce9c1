docker compose up -d
# The storefront is on web only: postgres is on data, so its name does not
# resolve there at all.
docker compose exec storefront getent hosts postgres
# orders is on api, data and events: it finds kafka and postgres.
docker compose exec orders getent hosts kafka
docker compose exec orders getent hosts postgres
# The gateway bridges web, api and ops, but not data.
docker compose exec gateway ping -c 1 redis
docker network ls
