# Facts §4: Compose v2 sets the aliases [container name, service name,
# aliases...]; on 20.10 the engine adds the short id.
docker compose up -d
docker inspect -f '{{json .NetworkSettings.Networks}}' compose-aliases-db-1
