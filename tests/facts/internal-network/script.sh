# Facts §7: an internal network publishes no ports and its containers
# still reach each other. On 20.10 its containers still get a default route
# through the network's gateway, which leads nowhere (recorded in
# tests/oracle/internal-network); later engines give no gateway route.
docker compose up -d
docker compose exec api ip route
docker compose exec api ping -c 1 db
docker port internal-network-api-1
