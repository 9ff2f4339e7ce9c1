# Every way a name resolves and a packet ends: localhost, an address,
# the gateway, an address nobody holds, another network's address (held or
# not), outside the host, no network at all; a health check that fails; an
# app that gives up; a network without a bridge going away.
docker network create front
docker network create back
docker run -d --name web --network front busybox sleep 3600
docker run -d --name db --network back busybox sleep 3600
docker run -d --name lonely --network none busybox sleep 3600
docker exec web ping -c 1 localhost
docker exec web nslookup 172.18.0.2
docker exec web ping -c 1 172.18.0.1
docker exec web ping -c 1 172.18.0.99
docker exec web ping -c 1 172.19.0.2
docker exec web ping -c 1 172.19.0.77
docker exec web ping -c 1 8.8.8.8
docker exec lonely ping -c 1 172.18.0.2
docker run -d --name sick --network front --health-cmd false --health-interval 1s --health-retries 1 busybox sleep 3600
sleep 2
docker run -d --name quitter --network front --label composenet.connects=nowhere:80 --label composenet.on_connect_failure=exit busybox sleep 3600
sleep 2
docker network create -d macvlan mv
docker run -d --name flat --network mv busybox sleep 3600
docker stop flat
docker rm flat
docker network rm mv
docker run -d --name plain busybox sleep 3600
docker exec plain nslookup web
docker exec web nslookup nowhere
