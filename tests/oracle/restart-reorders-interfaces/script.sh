# On restart the interfaces are named eth0..N in network-name order and the
# default route goes through the first name, whatever the connect order.
# Engine 28 joins them in an order that varies (network-name order in the
# one recording), while the default route still takes the first name.
# order-free: interfaces
docker network create zzz
docker network create aaa
docker network create mmm
docker run -d --name dd --network zzz nginx
docker network connect aaa dd
docker network connect mmm dd
docker restart -t 1 dd
