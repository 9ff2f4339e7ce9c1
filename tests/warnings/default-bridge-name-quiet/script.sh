# A legacy link writes the name into the app's /etc/hosts.
docker run -d --name cache redis
docker run -d --name app --link cache -e REDIS_HOST=cache busybox sleep 3600
