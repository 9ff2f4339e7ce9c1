# The seed's WordPress compose file (tests/seeds/compose-wordpress), every
# command of it, with `getent` (not in BusyBox) asked through nslookup.
# names: db wordpress mysql
docker compose up -d
docker ps
docker network inspect seed-compose-wordpress_example-network
docker exec wordpress-container nslookup db
docker exec wordpress-container nslookup db-container
docker exec db-container cat /etc/resolv.conf
sleep 5
docker logs wordpress-container
docker compose ps
