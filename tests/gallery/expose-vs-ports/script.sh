# expose: documents a port for other containers; they reach api on 3000
# whether it is listed or not. Only ports: opens a port on the host.
docker compose up -d
docker compose exec client nc -z -v api 3000
docker compose exec client nc -z -v web 3000
# api publishes nothing on the host; web's 3000 is the host's 8080.
docker port expose-vs-ports-api-1
docker port expose-vs-ports-web-1
docker compose ps
