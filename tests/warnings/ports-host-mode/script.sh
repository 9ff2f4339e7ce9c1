docker run -d --name web --network host -p 8080:80 nginx
