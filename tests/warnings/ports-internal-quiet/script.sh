# On an internal network and a normal one: the ports are published.
docker network create --internal back
docker network create front
docker create --name api --network front -p 8080:80 nginx
docker network connect back api
docker start api
