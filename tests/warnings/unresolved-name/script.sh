# The app is told its database is "database", a name no container on its
# network answers to (the database container is called db).
docker network create appnet
docker run -d --name db --network appnet -e MYSQL_ROOT_PASSWORD=secret mysql:8
docker run -d --name app --network appnet -e DB_HOST=database:3306 node
