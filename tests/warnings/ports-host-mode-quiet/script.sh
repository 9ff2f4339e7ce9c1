docker run -d --name web --network host nginx
docker run -d --name web2 -p 8080:80 nginx
