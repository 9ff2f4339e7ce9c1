# A user subnet with the gateway at .254: .1 is free for containers, a
# static --ip takes exactly its address and does not move the allocator.
docker network create --subnet 10.50.0.0/24 --gateway 10.50.0.254 fixed
docker run -d --name pinned --network fixed --ip 10.50.0.10 nginx
docker run -d --name first --network fixed nginx
docker run -d --name second --network fixed nginx
