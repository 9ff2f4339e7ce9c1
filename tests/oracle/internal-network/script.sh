# An internal network: no default route, containers still reach each other
# and resolve each other's names.
docker network create --internal secret
docker network create public
docker run -d --name vault --network secret nginx
docker run -d --name app --network public nginx
docker network connect secret app
docker run -d --name spy --network public nginx
