docker compose up -d
sleep 30
docker compose ps
docker compose logs eager
docker compose logs careful
