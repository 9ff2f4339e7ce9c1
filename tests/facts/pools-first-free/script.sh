# Facts §1: from engine 27 the first free pool is taken, so a removed
# network's pool is reused at once.
docker network create one
docker network create two
docker network rm one
docker network create three
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' three
