# On restart the interfaces are named eth0..N in network-name order and the
# default route goes through the first name, whatever the connect order.
docker network create zzz
docker network create aaa
docker network create mmm
docker run -d --name dd --network zzz nginx
docker network connect aaa dd
docker network connect mmm dd
docker restart -t 1 dd
