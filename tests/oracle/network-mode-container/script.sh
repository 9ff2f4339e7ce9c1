# network_mode container:X shares X's namespace: the same interfaces and
# addresses; the sharer has no DNS name of its own.
docker network create app
docker run -d --name main --network app nginx
docker run -d --name sidecar --network container:main nginx
docker run -d --name other --network app nginx
