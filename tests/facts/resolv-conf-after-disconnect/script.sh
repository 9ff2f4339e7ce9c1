# Seen on 20.10.24, 26.1.5 and 28.5.2 (tests/oracle/disconnect-last-network):
# a container disconnected from its last user network keeps the resolv.conf
# it got when it joined one, nameserver 127.0.0.11, and nothing answers it
# any more: on 26 and later the lookup gets SERVFAIL (20.10: a time-out).
docker network create net
docker run -d --name solo --network net busybox sleep 100000
docker run -d --name peer --network net busybox sleep 100000
docker network disconnect net solo
docker exec solo cat /etc/resolv.conf
docker exec solo nslookup peer
