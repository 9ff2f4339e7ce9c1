# Interface names after disconnect/connect come from a per-container
# counter: eth0 is gone and the next network is eth1, and so on.
docker network create net1
docker network create net2
docker network create net3
docker run -d --name cc --network net1 nginx
docker network disconnect net1 cc
docker network connect net2 cc
docker network connect net3 cc
docker network connect net1 cc
docker network disconnect net2 cc
docker network connect net2 cc
