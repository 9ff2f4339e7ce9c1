# Two projects on one external network, each with a service called api.
docker network create shared
docker compose up -d
docker compose -f blog/compose.yaml up -d
# Compose registers every service name as an alias on each of its networks:
# on "shared", api is now BOTH projects' api, and web may talk to the blog's.
docker compose exec web nslookup api
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' shared
# A name only one project uses answers with one address: a unique alias,
# or the container name.
docker compose exec web nslookup shop-api
docker compose exec web nslookup same-name-two-projects-api-1
