docker run -d --name blue -p 8080:80 nginx
docker run -d --name green -p 8080:80 nginx
