docker foo
docker run --bogus bb:local
docker ps --filter foo=bar
docker network create -d overlay o1
docker network create -d foo o2
docker network create --label team=a y # setup
docker network ls --format json --filter name=y
docker network inspect y
