# Facts §4: --link on a user-defined network is a DNS alias only the
# linking container sees (seen: from wordpress-container mysql resolved,
# from db-container it did not).
docker network create example-network
docker run -d --name db-container --network example-network mysql:8
docker run -d --name wordpress-container --network example-network --link db-container:mysql wordpress:latest
docker exec wordpress-container nslookup mysql
docker exec db-container nslookup mysql
