docker compose up -d
docker compose exec web curl -s http://proxy/
docker compose exec web curl -s http://proxy-fixed/
# api is replaced. While it is gone, another container takes its address,
# so the new api gets a new one.
docker rm -f proxy-stale-address-api-1
docker run -d --name cache --network proxy-stale-address_default redis
docker compose up -d api
docker compose exec web nslookup api
# proxy still sends to the old address, which is now cache's: 502.
docker compose exec web curl -s http://proxy/
docker compose logs proxy
# proxy-fixed asked the DNS again and follows api.
docker compose exec web curl -s http://proxy-fixed/
# Restarting the proxy makes it look api up again.
docker compose restart proxy
docker compose exec web curl -s http://proxy/
