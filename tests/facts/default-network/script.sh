# Facts §5: the default network exists only if some service has neither
# networks nor network_mode.
docker compose up -d
docker network ls
