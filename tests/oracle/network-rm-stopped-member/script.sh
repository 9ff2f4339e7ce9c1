# A network removed while a stopped container is still configured for it:
# the engine lets it go, keeps the container's endpoint settings with no
# address, and refuses to start the container (`network gone not found`).
docker network create gone
docker run -d --name sleeper --network gone nginx
docker stop -t 1 sleeper
docker network rm gone
docker start sleeper # fails
docker run -d --name bystander nginx
