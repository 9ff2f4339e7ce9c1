# Facts §4: /etc/hosts holds the localhost lines, the IPv6 lines, then one
# line per network: IP<TAB>hostname (the short id unless set).
docker network create one
docker network create two
docker run -d --name multi --hostname multi-host --network one busybox sleep 100000
docker network connect two multi
docker exec multi cat /etc/hosts
docker run -d --name plain busybox sleep 100000
docker exec plain cat /etc/hosts
