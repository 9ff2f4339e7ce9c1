docker compose up -d
docker compose exec web getent hosts api
docker compose up -d --force-recreate api
docker compose exec web getent hosts api
docker compose ps
