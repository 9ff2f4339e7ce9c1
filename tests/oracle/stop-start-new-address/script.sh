# A stopped container's address is taken by a newcomer; on start it gets
# the lowest free address, a new one.
docker network create net
docker run -d --name aa --network net nginx
docker run -d --name bb --network net nginx
docker stop -t 1 aa
docker run -d --name cc --network net nginx
docker start aa
