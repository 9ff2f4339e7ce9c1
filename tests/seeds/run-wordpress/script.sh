# The seed's WordPress app started with docker run, exactly as the document
# writes it (prompts and line continuations included). The teaching point:
# WORDPRESS_DB_HOST=db:3306 does not resolve; only db-container and the link
# alias mysql do, and mysql only from wordpress-container. The images are
# Debian's and Oracle Linux's: glibc's getent looks names up, and neither has
# nslookup or ping.
> docker network create example-network

> docker run -d --name db-container \
--network example-network \
-p 3306:3306 \
-e MYSQL_ROOT_PASSWORD=1234567890 \
-e MYSQL_DATABASE=test \
-e MYSQL_USER=tester \
-e MYSQL_PASSWORD=1234567890 \
--restart unless-stopped \
mysql:8

docker logs db-container

> docker run -d --name wordpress-container \
--network example-network \
-p 8080:80 \
--link db-container:mysql \
-e WORDPRESS_DB_HOST=db:3306 \
-e WORDPRESS_DB_USER=tester \
-e WORDPRESS_DB_PASSWORD=1234567890 \
-e WORDPRESS_DB_NAME=test \
--restart unless-stopped \
wordpress:latest

docker exec wordpress-container getent hosts db
docker exec wordpress-container getent hosts db-container
docker exec wordpress-container getent hosts mysql
docker exec db-container getent hosts mysql
docker exec wordpress-container ping -c 1 mysql
docker exec -it wordpress-container sh
ping -c 1 mysql
exit
sleep 5
docker logs wordpress-container
docker inspect -f '{{json .NetworkSettings.Networks}}' wordpress-container
