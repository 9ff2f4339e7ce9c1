# The default bridge (docker0) has no embedded DNS: containers on it find
# each other only by address or through a legacy --link. A user-defined
# network gives name resolution through 127.0.0.11.
docker run -d --name db redis
docker run -d --name app busybox sleep 3600
docker exec app nslookup db
docker exec app ping -c 1 172.17.0.2
docker run -d --name linked --link db busybox sleep 3600
docker exec linked cat /etc/hosts
docker network create appnet
docker network connect appnet db
docker network connect appnet app
docker exec app nslookup db
docker exec app cat /etc/resolv.conf
