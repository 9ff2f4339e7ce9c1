# Facts §4: a container on two networks asking for its own name gets only
# its eth0 address (the first network that knows the name answers).
docker network create alpha
docker network create beta
docker run -d --name both --network alpha busybox sleep 100000
docker network connect beta both
docker exec both nslookup both
