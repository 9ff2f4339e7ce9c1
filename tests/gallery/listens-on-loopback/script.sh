docker compose up -d
sleep 2
docker compose logs web
# Inside its own container the loopback listener answers.
docker compose exec api nc -z -v localhost 3000
docker compose exec web nc -z -v api 3000
docker compose exec web nc -z -v api-fixed 3000
