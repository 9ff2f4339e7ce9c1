# Facts §3: up to engine 27 the MAC is 02:42 + the IPv4 bytes
# (172.18.0.3 -> 02:42:ac:12:00:03); the host end of the veth pair is veth +
# 7 hex, the container end eth0, shown as eth0@ifN inside and vethX@ifM on the
# host, N and M each other's index; user bridges are br- + 12 hex of the id.
docker network create net
docker network inspect -f '{{.Id}}' net
docker run -d --name first --network net busybox sleep 100000
docker run -d --name second --network net busybox sleep 100000
docker inspect -f '{{.NetworkSettings.Networks.net.IPAddress}} {{.NetworkSettings.Networks.net.MacAddress}}' second
docker exec second ip addr
docker run -d --name host-view --network host busybox sleep 100000
docker exec host-view ip addr
