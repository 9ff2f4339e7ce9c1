# The todo-app walk-through of the seed document
# (../shared/seeds/004_1a504e686071bce5.txt): a network, MySQL with the
# network alias mysql and a named volume, a netshoot shell that digs mysql,
# then the app that finds MySQL by that name.
$ docker network create todo-app

$ docker run -d \
    --network todo-app --network-alias mysql \
    -v todo-mysql-data:/var/lib/mysql \
    -e MYSQL_ROOT_PASSWORD=secret \
    -e MYSQL_DATABASE=todos \
    mysql:5.7

$ docker run -it --network todo-app nicolaka/netshoot
$ dig mysql
exit

$ docker run -dp 3000:3000 \
  -w /app -v "$(pwd):/app" \
  --network todo-app \
  -e MYSQL_HOST=mysql \
  -e MYSQL_USER=root \
  -e MYSQL_PASSWORD=secret \
  -e MYSQL_DB=todos \
  node:12-alpine \
  sh -c "yarn install && yarn run dev"

sleep 2
docker logs $(docker ps -lq)
docker volume ls
