# The seed's WordPress app with docker run (tests/seeds/run-wordpress),
# without the pasted prompts so bash runs it. WORDPRESS_DB_HOST=db does not
# resolve; db-container and the link alias mysql do, mysql only from
# wordpress-container.
# names: db mysql
docker network create example-network

docker run -d --name db-container \
--network example-network \
-p 3306:3306 \
-e MYSQL_ROOT_PASSWORD=1234567890 \
-e MYSQL_DATABASE=test \
-e MYSQL_USER=tester \
-e MYSQL_PASSWORD=1234567890 \
--restart unless-stopped \
mysql:8

docker run -d --name wordpress-container \
--network example-network \
-p 8080:80 \
--link db-container:mysql \
-e WORDPRESS_DB_HOST=db:3306 \
-e WORDPRESS_DB_USER=tester \
-e WORDPRESS_DB_PASSWORD=1234567890 \
-e WORDPRESS_DB_NAME=test \
--restart unless-stopped \
wordpress:latest

docker exec wordpress-container nslookup db # fails
docker exec wordpress-container nslookup db-container
docker exec wordpress-container nslookup mysql
docker exec db-container nslookup mysql # fails
sleep 5
docker logs wordpress-container
docker inspect -f '{{json .NetworkSettings.Networks}}' wordpress-container
