# Facts §2: addresses are allocated at start and released at stop, so a
# recreated service and a stopped-then-started service keep their address
# when nothing else moved, and get a different one when a lower address was
# freed meanwhile.
docker compose up -d
docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' recreate-keeps-address-cache-1 recreate-keeps-address-web-1
docker compose up -d --force-recreate web
docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' recreate-keeps-address-web-1
docker compose stop cache
docker compose start cache
docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' recreate-keeps-address-cache-1
docker compose stop cache web
docker compose start web
docker compose start cache
docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' recreate-keeps-address-cache-1 recreate-keeps-address-web-1
#--- FILE compose.yaml
services:
  web:
    image: busybox
    command: sleep 100000
  cache:
    image: busybox
    command: sleep 100000
