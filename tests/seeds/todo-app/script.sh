# The todo-app walk-through of the seed document
# (../shared/seeds/004_1a504e686071bce5.txt), typed as it reads: a network,
# MySQL with the network alias mysql and a named volume, a look at its
# databases, a netshoot shell that digs mysql, the app that finds MySQL by
# that name, its logs, and the rows it wrote.
$ docker network create todo-app

$ docker run -d \
    --network todo-app --network-alias mysql \
    -v todo-mysql-data:/var/lib/mysql \
    -e MYSQL_ROOT_PASSWORD=secret \
    -e MYSQL_DATABASE=todos \
    mysql:5.7

# The document's placeholder stands for the MySQL container's id; the
# password prompt gets secret.
$ docker exec -it <mysql-container-id> mysql -p
secret
SHOW DATABASES;
exit

$ docker run -it --network todo-app nicolaka/netshoot
$ dig mysql
exit

# The same look-up as a one-liner: -it with a command runs the command.
docker run -it --rm --network todo-app nicolaka/netshoot dig mysql

# The one label beside the document's command says what the app writes:
# the two items the document adds in the browser (step 3).
$ docker run -dp 3000:3000 \
  -w /app -v "$(pwd):/app" \
  --network todo-app \
  -e MYSQL_HOST=mysql \
  -e MYSQL_USER=root \
  -e MYSQL_PASSWORD=secret \
  -e MYSQL_DB=todos \
  --label 'composenet.writes=todos.todo_items(id, name, completed) = c906ff08-60e6-44e6-8f49-ed56a0853e85, Do amazing things!, 0 | 2912a79e-8486-4bc3-a4c5-460793a575ab, Be awesome!, 0' \
  node:12-alpine \
  sh -c "yarn install && yarn run dev"

$ docker logs <container-id>

# Step 3 happens in the browser (http://localhost:3000) and takes a while.
sleep 30
docker logs <container-id>

$ docker exec -it <mysql-container-id> mysql -p todos
secret
select * from todo_items;
exit

# The data lives in the named volume: a new MySQL container on it finds the
# rows, one on a fresh volume does not.
docker rm -f <mysql-container-id>
docker run -d --name mysql2 --network todo-app -v todo-mysql-data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=secret mysql:5.7
docker exec mysql2 mysql -psecret -e 'select * from todos.todo_items'
docker run -d --name mysql3 -v fresh-data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=secret mysql:5.7
docker exec -it mysql3 mysql -psecret -e 'SHOW DATABASES'
docker volume ls
