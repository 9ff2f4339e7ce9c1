# compose stop / start: addresses are released and taken again in start
# order; restart keeps them.
docker compose up -d
docker compose stop
docker compose start
docker compose restart web
