# network_mode none: only lo, no name, no resolver, nothing reachable.
docker run -d --name isolated --network none nginx
docker network create net
docker run -d --name peer --network net nginx
