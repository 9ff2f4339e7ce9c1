# A stopped service's address is taken by another container; `up` starts it
# again with the lowest free address: a new one.
docker compose up -d
docker compose stop db
docker run -d --name squatter --network compose-recreate-moves_default nginx
docker compose up -d
