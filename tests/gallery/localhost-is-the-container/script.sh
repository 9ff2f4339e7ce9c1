docker compose up -d
sleep 2
# broken asked its own loopback: nothing listens on 3306 in it.
docker compose logs broken
docker compose exec broken nc -z -v localhost 3306
# fixed asked the embedded DNS for db and connected.
docker compose logs fixed
