# A container disconnected from its only (user) network keeps the
# resolv.conf it was started with, `nameserver 127.0.0.11`, and with no
# network left every lookup finds nothing.
docker network create net
docker run -d --name solo --network net nginx
docker run -d --name peer --network net nginx
docker network disconnect net solo
