docker network create shared
docker compose up -d
docker compose -f billing/compose.yaml up -d
docker compose exec shop getent hosts invoices
docker compose exec shop getent hosts ledger
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' shared
docker network ls
