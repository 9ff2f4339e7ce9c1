docker run -d --name b1 nginx
docker run -d --name b2 --network container:b1 nginx
docker run -d --name b3 --network container:b2 nginx
docker run -d --name b4 --network container:b4 nginx
docker rm -f b1
docker start b2
docker restart b3
docker run -d --name b5 --link b5:self nginx
docker run -d --name b6 --link b1 nginx
docker rename b2 b3
docker rename b2 b2
docker rename b2 b7
docker exec b7 nslookup b3
docker exec b9 ip addr
docker run -d --name b8 --network host -p 80:80 nginx
docker run -d --name b9 --network none --network-alias x nginx
docker network connect bridge b9
docker network disconnect none b9
docker run -d --name b10 -p 0:0 -p 65535-65536:1-2 -p 127.0.0.1::80 nginx
docker run -d --name b11 -p 8080:80 nginx
docker run -d --name b12 -p 8080:80 nginx
docker port b11
docker ps -a --format '{{.Names}} {{.Status}} {{.Ports}}'
