# The seed's todo-app walk-through (tests/seeds/todo-app) without the
# interactive netshoot shell: the same lookup runs as a one-off container.
# The MySQL container has no name, so the engine makes one up (<random:1>).
# names: mysql
docker network create todo-app

docker run -d \
    --network todo-app --network-alias mysql \
    -v todo-mysql-data:/var/lib/mysql \
    -e MYSQL_ROOT_PASSWORD=secret \
    -e MYSQL_DATABASE=todos \
    mysql:5.7

docker run --rm --network todo-app nicolaka/netshoot nslookup mysql

docker run -dp 3000:3000 \
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
