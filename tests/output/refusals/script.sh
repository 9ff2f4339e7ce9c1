docker foo
docker run
docker run --bogus bb:local
docker network create
docker network bogus
docker network create -d overlay o1
docker network create -d foo o2
docker network create -d macvlan -o parent=eth0 m1 # setup
docker network ls --format '{{.Name}} {{.Driver}}'
