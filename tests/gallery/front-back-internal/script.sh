docker compose up -d
docker compose exec proxy nslookup api
docker compose exec proxy ip -o -4 addr
docker compose exec web nslookup db
docker compose exec web ping -c 1 api
docker compose exec api ip route
docker network ls
