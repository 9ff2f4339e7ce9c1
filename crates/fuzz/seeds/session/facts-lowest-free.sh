# Facts §2: the gateway gets .1, containers the LOWEST free address, and a
# freed address is reused at once (seen: remove the container at .3, start a
# new one: it gets .3).
docker network create net
docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' net
docker run -d --name ctr-a --network net busybox sleep 100000
docker run -d --name ctr-b --network net busybox sleep 100000
docker run -d --name ctr-c --network net busybox sleep 100000
docker inspect -f '{{.Name}} {{.NetworkSettings.Networks.net.IPAddress}}' ctr-a ctr-b ctr-c
docker rm -f ctr-b
docker run -d --name ctr-d --network net busybox sleep 100000
docker inspect -f '{{.Name}} {{.NetworkSettings.Networks.net.IPAddress}}' ctr-d
docker ps --format '{{.Names}} {{.Networks}}'
docker network ls --format 'table {{.Name}} {{.Driver}}'
