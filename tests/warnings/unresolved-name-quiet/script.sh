# The names the app is given resolve on its network: the container name,
# a network alias, and a domain outside the simulated host, which the
# simulation does not judge.
docker network create appnet
docker run -d --name db --network appnet --network-alias database -e MYSQL_ROOT_PASSWORD=secret mysql:8
docker run -d --name app --network appnet -e DB_HOST=db:3306 -e REPLICA_HOST=database -e SMTP_HOST=smtp.example.com node
