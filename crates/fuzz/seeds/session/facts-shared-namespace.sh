# Facts §4: network_mode service:X shares X's interfaces and has no DNS name
# of its own; network_mode none has only lo and no name.
docker compose up -d
docker compose exec sidecar ip -o -4 addr
docker compose exec app nslookup sidecar
docker compose exec isolated ip -o -4 addr
docker compose exec app nslookup isolated
#--- FILE compose.yaml
services:
  app:
    image: busybox
    command: sleep 100000
  sidecar:
    image: busybox
    command: sleep 100000
    network_mode: service:app
  isolated:
    image: busybox
    command: sleep 100000
    network_mode: none
