# The seed's compose file brought up, looked at, and watched while MySQL
# initialises: depends_on started wordpress right after db, so its first
# connections are refused until db is ready.
docker compose up -d
docker ps
docker network inspect compose-wordpress_example-network
docker exec wordpress-container getent hosts db
docker exec wordpress-container getent hosts db-container
docker exec db-container cat /etc/resolv.conf
sleep 25
docker logs wordpress-container
docker compose ps
