# Both containers are on the default bridge, which has no embedded DNS.
docker run -d --name cache redis
docker run -d --name app -e REDIS_HOST=cache busybox sleep 3600
