# Compose passes the daemon's warning on: web's ports are discarded.
docker compose up -d
docker port host-mode-ports-web-1
docker inspect -f '{{.HostConfig.NetworkMode}} {{json .NetworkSettings.Ports}}' host-mode-ports-web-1
# docker run says it too, before creating the container.
docker run -d --name web2 --network host -p 9090:80 nginx
docker port web2
# On a bridge network, the same mapping is published.
docker port host-mode-ports-web-fixed-1
docker ps
