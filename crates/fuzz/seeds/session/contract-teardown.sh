# Taking things apart: a published port is released with its container, a
# volume outlives the container until it is removed, and a network goes
# with its bridge.
docker network create front
docker volume create data
docker run -d --name web1 --network front -p 8080:80 -v data:/data nginx
docker rm -f web1
docker volume rm data
docker network rm front
docker network create gone
docker create --name parked --network gone busybox sleep 3600
docker network rm gone
docker inspect -f '{{json .NetworkSettings.Networks}}' parked
docker start parked
