# Facts §3 and §4: endpoints are joined non-internal first, then by network
# name, so eth0 is on front (not the internal back); a service on
# one_default and shared has eth0 on one_default; on shared and
# two_default, eth0 on shared. The first network of the asking container
# answers: from two's client (only on two_default), app resolves to its
# two_default address.
docker network create shared
docker compose up -d
docker compose exec web ip -o -4 addr
docker compose -f one/compose.yaml up -d
docker compose -f one/compose.yaml exec app ip -o -4 addr
docker compose -f two/compose.yaml up -d
docker compose -f two/compose.yaml exec app ip -o -4 addr
docker compose -f two/compose.yaml exec client nslookup app
docker compose -f two/compose.yaml exec app nslookup two-app-1
