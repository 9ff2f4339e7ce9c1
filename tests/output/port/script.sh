docker run -d --name web -p 18080:80 -p 18053:53/udp -p 127.0.0.1:15432:5432 -p 19000-19001:9000-9001 bb:local sleep 1000 # setup
docker run -d --name nopub bb:local sleep 1000 # setup
docker port web
docker port web 80
docker port web 80/tcp
docker port web 53/udp
docker port web 53
docker port web 9001
docker port web 81
docker port web 80/sctp
docker port nopub
docker port missing
docker port web abc
docker port web 70000
docker port web 70000x
docker port web 080
docker port web +80
docker port web /udp
docker port web 80/
docker port web 80/TCP
