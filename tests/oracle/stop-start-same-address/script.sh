# Stop releases the address and start allocates the lowest free one: with
# nothing else moving, that is the old address.
docker network create net
docker run -d --name a --network net nginx
docker run -d --name b --network net nginx
docker run -d --name c --network net nginx
docker stop -t 1 b
docker start b
