docker network create --subnet 10.0.0.0/31 tiny
docker run -d --name a1 --network tiny nginx
docker network create --subnet 10.1.0.0/32 one
docker run -d --name a2 --network one nginx
docker network create --subnet 10.2.0.0/30 --ip-range 10.2.0.0/32 small
docker run -d --name a3 --network small nginx
docker run -d --name a4 --network small nginx
docker network create --subnet 0.0.0.0/0 all
docker network create --subnet 10.3.0.0/24 --ip-range 10.4.0.0/24 outside
docker network create --subnet 10.5.0.0/24 --gateway 10.5.0.255 gwbcast
docker run -d --name a5 --network gwbcast --ip 10.5.0.0 nginx
docker run -d --name a6 --network gwbcast --ip 10.5.0.255 nginx
docker network connect --ip 10.5.0.1 gwbcast a1
docker network connect tiny a1
docker network connect tiny a1
docker network disconnect tiny a1
docker network disconnect tiny a1
docker network rm tiny one small all outside gwbcast
docker ps -a
