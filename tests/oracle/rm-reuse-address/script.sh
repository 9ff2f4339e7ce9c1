# A removed container's address is free at once and the next container
# takes it (lowest free first). A stopped container keeps no address.
docker network create net
docker run -d --name one --network net nginx
docker run -d --name two --network net nginx
docker run -d --name three --network net nginx
docker rm -f two
docker run -d --name four --network net nginx
docker stop -t 1 three
