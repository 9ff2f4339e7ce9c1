# Facts §4: containers on user-defined networks get nameserver 127.0.0.11
# with options ndots:0; on the default bridge a copy of the host's file.
docker network create net
docker run -d --name user --network net busybox sleep 100000
docker run -d --name plain busybox sleep 100000
docker exec user cat /etc/resolv.conf
docker exec plain cat /etc/resolv.conf
docker exec plain nslookup user
