docker network create x # setup
docker network create --label team=a y # setup
docker run -d --name c1 --network x --expose 3306 --expose 33060 bb:local sh -c 'yarn install && yarn run dev; sleep 1000' # setup
docker run -d --name c2 -p 10000-10003:10000-10003 -p 8080:80 bb:local sleep 1000 # setup
docker run -d --name c3 bb:local sleep 1000 # setup
docker ps
docker ps --format 'table {{.Names}}\t{{.Ports}}'
docker ps --format '{{.Names}}\t{{.Command}}'
docker ps --format json
docker ps --format '{{json .Ports}}'
docker ps --filter name=c1 --format '{{.Names}} {{.Networks}}'
docker ps --filter network=x --filter network=y --format '{{.Names}}'
docker ps --filter ancestor=bb:local --format '{{.Names}}'
docker ps --filter status=bogus
docker ps --filter foo=bar
docker network ls
docker network ls --format 'table {{.Name}}\t{{.Driver}}'
docker network ls --filter name=x
docker network ls --filter label=team=a --format '{{.Name}}'
docker network ls --filter type=custom --format '{{.Name}}'
docker network ls --filter type=builtin --format '{{.Name}}'
docker network ls --filter foo=bar
docker network inspect --format '{{json .IPAM}}' x
docker network inspect y
