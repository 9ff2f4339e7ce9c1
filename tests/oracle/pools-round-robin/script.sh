# Docker 20.10 hands default pools out round-robin: a removed network's
# pool is not reused until the pools wrap around.
docker network create n1
docker network create n2
docker network rm n1
docker network create n3
docker network rm n2 n3
docker network create n4
docker run -d --name c4 --network n4 nginx
