docker run -d --name blue -p 8080:80 nginx
docker run -d --name green -p 8081:80 nginx
docker rm -f blue
docker run -d --name blue2 -p 8080:80 nginx
