# Seen on 20.10.24 (tests/oracle will record it): with --ip-range and no
# --gateway, the gateway is the first address of the range (172.28.5.0),
# inspect shows no Gateway key, and containers get 172.28.5.1, .2.
docker network create --subnet 172.28.0.0/16 --ip-range 172.28.5.0/24 r1
docker network inspect -f '{{json .IPAM.Config}}' r1
docker run -d --name one --network r1 busybox sleep 100000
docker run -d --name two --network r1 busybox sleep 100000
docker inspect -f '{{.Name}} {{.NetworkSettings.Networks.r1.IPAddress}} gw {{.NetworkSettings.Networks.r1.Gateway}}' one two
