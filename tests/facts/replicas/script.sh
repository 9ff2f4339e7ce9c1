# Facts §4 and §5: three replicas get .2/.3/.4 (Compose starts them in
# parallel, so which gets which is not fixed) and the service name answers
# with one A record each, in random order.
docker compose up -d
docker compose exec client nslookup web
