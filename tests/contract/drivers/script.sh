# Drivers without a bridge: macvlan and ipvlan networks get addresses and
# the embedded DNS, but no bridge and no veth pair. The drawing must show
# what the terminal answers (names resolve on them). A driver the engine
# does not have is refused (`plugin "weird" not found`, seen on 26.1.5 and
# 28.5.2), so `odd` is left created and never runs.
docker network create -d macvlan m
docker network create -d ipvlan i
docker network create -d weird w
docker run -d --name app --network m busybox sleep 3600
docker run -d --name peer --network m busybox sleep 3600
docker exec peer nslookup app
docker network connect i app
docker run -d --name other --network i busybox sleep 3600
docker exec other ping -c 1 app
docker run -d --name odd --network w busybox sleep 3600
docker exec odd nslookup app
