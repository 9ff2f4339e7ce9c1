# Facts §3: up to engine 27, a container that lost eth0 and joined another
# network gets eth1 (a per-container counter).
docker network create one
docker network create two
docker run -d --name ctr --network one busybox sleep 100000
docker network disconnect one ctr
docker network connect two ctr
docker exec ctr ip -o -4 addr
