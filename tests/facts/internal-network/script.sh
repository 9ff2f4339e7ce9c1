# engine: 20.10
# Facts §7: an internal network gives no gateway route and no published
# ports, and its containers still reach each other.
docker compose up -d
docker compose exec api ip route
docker compose exec api ping -c 1 db
docker port internal-network-api-1
