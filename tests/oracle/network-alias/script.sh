# --network-alias: a shared alias answers with every holder's address; the
# hostname is an alias too on 20.10.
docker network create net
docker run -d --name a1 --network net --network-alias search nginx
docker run -d --name a2 --network net --network-alias search --hostname box2 nginx
docker run -d --name client --network net nginx
