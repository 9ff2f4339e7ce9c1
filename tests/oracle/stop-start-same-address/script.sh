# Stop releases the address and start allocates the lowest free one: with
# nothing else moving, that is the old address.
docker network create net
docker run -d --name s1 --network net nginx
docker run -d --name s2 --network net nginx
docker run -d --name s3 --network net nginx
docker stop -t 1 s2
docker start s2
