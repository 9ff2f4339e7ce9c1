# Image tools, missing programs and the database clients (tests/contract/images-and-clients).
docker network create net
docker run -d --name db --network net -v data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=pw -e MYSQL_DATABASE=shop mysql:8
docker run -d --name api --network net -e DB_HOST=db --label 'composenet.writes=shop.items(id, name) = 1, tea | 2, cake' node
docker run -d --name box --network net busybox sleep 3600
docker exec box ping -c 1 db
docker exec api ping -c 1 db
docker run -it --rm --network net nicolaka/netshoot dig db
docker exec -it <db-container-id> mysql -p shop
pw
SHOW TABLES;
select * from items;
exit
docker exec db mysql -ppw -e 'SHOW DATABASES; USE shop; select * from items'
docker rm -f db
docker run -d --name db2 -v data:/var/lib/mysql mysql:8
docker exec -it db2 mysql -uroot -ppw
USE shop;
quit
docker run -d --name pg -e POSTGRES_DB=app postgres
docker exec pg psql -U postgres -d app -c '\dt'
docker run -d --name cache redis
docker exec -it cache redis-cli
SET k v
GET k
exit
docker logs db2
