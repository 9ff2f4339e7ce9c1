docker compose up -d --scale api=3
docker compose exec client nslookup api
docker compose exec client nslookup scaled-service-api-2
docker compose ps
