docker network create --internal back
docker run -d --name api --network back -p 8080:80 nginx
