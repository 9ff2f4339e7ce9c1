# One container, three names: the service name (db), the container_name
# (primary-db) and the hostname (database) all resolve on the project's
# network. The service name is the one every replica shares; a fixed
# container_name keeps the service from being scaled.
docker compose up -d
docker compose exec app getent hosts db
docker compose exec app getent hosts primary-db
docker compose exec app getent hosts database
docker compose exec db hostname
docker compose ps
