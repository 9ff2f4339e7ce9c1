docker compose up -d
docker compose exec proxy nslookup api
docker compose exec proxy ip -o -4 addr
docker compose exec web nslookup db
docker compose exec web ping -c 1 api
docker compose exec api ip route
docker network ls
#--- FILE compose.yaml
# A proxy on both networks, the API and the database only on "back", which
# is internal: no route out of the host, yet the proxy still reaches the API
# through it. "web" on "front" cannot see the database at all.
services:
  proxy:
    image: nginx
    ports:
      - "80:80"
    networks: [front, back]
  web:
    image: node:20-alpine
    command: node server.js
    networks: [front]
  api:
    image: node:20-alpine
    command: node api.js
    networks: [back]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: secret
    networks: [back]
networks:
  front: {}
  back:
    internal: true
