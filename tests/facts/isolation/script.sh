# Facts §7: containers on different bridge networks cannot reach each
# other; a container on both reaches both.
docker network create front
docker network create back
docker run -d --name web --network front busybox sleep 100000
docker run -d --name db --network back busybox sleep 100000
docker run -d --name app --network front busybox sleep 100000
docker network connect back app
docker exec web ping -c 1 -W 1 172.19.0.2
docker exec app ping -c 1 -W 1 172.19.0.2
docker exec app ping -c 1 -W 1 172.18.0.2
docker exec web nslookup db
