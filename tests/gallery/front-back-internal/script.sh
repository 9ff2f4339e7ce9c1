docker compose up -d
docker compose exec proxy getent hosts api
docker compose exec proxy hostname -I
docker compose exec web nslookup db
docker compose exec web ping -c 1 api
docker compose exec api ip route
docker network ls
