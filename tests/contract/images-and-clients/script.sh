# Tools: which image has them and how each package prints.
docker network create net
docker run -d --name web --network net nginx
docker run -d --name box --network net busybox sleep 3600
docker exec box ping -c 1 web
docker exec box ping -c 1 nowhere
docker exec box nslookup web
docker exec box getent hosts web
docker run --rm --network net nicolaka/netshoot ping -c 1 web
docker run --rm --network net nicolaka/netshoot nslookup web
docker run -it --rm --network net nicolaka/netshoot dig +short web
docker exec web ping -c 1 box
docker exec web getent hosts box
docker run --rm --network net wordpress ping -c 1 web
docker run -it --network net ubuntu
ping -c 1 web
ip addr
exit
docker run --rm hello-world sh
docker logs web

# MySQL: wrong password, unknown database, -e with and without a terminal,
# a session on the mysql> prompt.
docker run -d --name db -v data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=pw -e MYSQL_DATABASE=shop -e MYSQL_USER=app -e MYSQL_PASSWORD=apppw mysql:8
docker exec db mysql -pnope -e 'SHOW DATABASES'
docker exec db mysql -uapp -papppw nosuch
docker exec db mysql -uapp -papppw -e 'SHOW DATABASES; USE shop; SHOW TABLES'
docker run -d --name api --network net -e DB_HOST=db --label 'composenet.writes=shop.items(id, name, price) = 1, tea, 3 | 2, cake, 12' node
docker network connect net db
sleep 10
docker exec -it db mysql -uroot -ppw
SHOW TABLES;
USE shop;
SHOW TABLES;
select * from items;
select * from nosuch;
DELETE FROM items;
quit
docker rm -f db
docker run -d --name db2 -v data:/var/lib/mysql mysql:8
docker logs db2
docker exec -it db2 mysql -ppw shop -e 'select * from items'

# MariaDB, PostgreSQL and Redis.
docker run -d --name maria -e MARIADB_ROOT_PASSWORD=pw -e MARIADB_DATABASE=blog mariadb
docker exec -it maria mariadb -ppw
SHOW DATABASES;
USE blog;
exit
docker run -d --name pg -e POSTGRES_PASSWORD=pw -e POSTGRES_DB=app postgres
docker logs pg
docker exec pg psql -c 'SELECT * FROM users'
docker exec pg psql -U postgres -d app -c '\dt'
docker exec -it pg psql -U postgres
\q
docker run -d --name cache redis
docker exec cache redis-cli ping
docker exec -it cache redis-cli
SET greeting hello
GET greeting
exit
docker exec cache redis-cli GET greeting
