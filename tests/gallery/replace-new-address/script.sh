# A replaced container comes back with a NEW address: Docker hands out the
# lowest free address, and while api was gone, cache took the one it had.
docker network create shop
docker run -d --name api --network shop nginx
docker run -d --name worker --network shop busybox sleep 3600
docker exec worker nslookup api
docker rm -f api
docker run -d --name cache --network shop redis
docker run -d --name api --network shop nginx
docker exec worker nslookup api
docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' api cache worker
