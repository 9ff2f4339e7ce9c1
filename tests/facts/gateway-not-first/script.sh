# Facts §2: with gateway 10.50.0.254, .1 is free and the first container
# gets it; a static address takes exactly that address and does not move
# the allocator.
docker network create --subnet 10.50.0.0/24 --gateway 10.50.0.254 custom
docker run -d --name first --network custom busybox sleep 100000
docker run -d --name fixed --network custom --ip 10.50.0.100 busybox sleep 100000
docker run -d --name second --network custom busybox sleep 100000
docker inspect -f '{{.Name}} {{.NetworkSettings.Networks.custom.IPAddress}}' first fixed second
docker run -d --name clash --network custom --ip 10.50.0.100 busybox sleep 100000
