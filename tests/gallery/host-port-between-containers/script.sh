docker compose up -d
sleep 2
docker compose ps
# broken used the host's port number on the container network.
docker compose logs broken
# fixed uses the container port.
docker compose logs fixed
