docker compose up -d --scale api=3
docker compose exec client nslookup api
docker compose exec client nslookup scaled-service-api-2
docker compose ps
#--- FILE compose.yaml
# A scaled service: every replica registers the service name, so the
# embedded DNS answers with several addresses (in rotating order).
services:
  api:
    image: node:20-alpine
    command: node server.js
  client:
    image: busybox
    command: sleep 3600
