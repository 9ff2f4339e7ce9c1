docker compose up -d
docker compose up -d --scale a=3 --scale b=0
docker compose ps
docker compose restart
docker compose down -v
docker compose up -d --force-recreate --no-deps b
docker compose -p other up -d
docker compose -p other down
#--- FILE compose.yaml
services:
  a:
    image: nginx
    network_mode: service:b
    depends_on: [b]
  b:
    image: nginx
    networks:
      n:
        ipv4_address: 10.9.0.2
        aliases: [a, b, x]
    links: [c:a]
  c:
    image: alpine
    command: sh -c 'sleep 1; exit 3'
    restart: on-failure:2
    networks: [n]
    depends_on:
      b:
        condition: service_completed_successfully
networks:
  n:
    ipam:
      config:
        - subnet: 10.9.0.0/29
