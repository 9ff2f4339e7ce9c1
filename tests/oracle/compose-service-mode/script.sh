# network_mode service:X shares X's namespace: one address, X's names.
docker compose up -d
