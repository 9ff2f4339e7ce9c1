docker network create shared
docker compose up -d
docker compose -f billing/compose.yaml up -d
docker compose exec shop nslookup invoices
docker compose exec shop nslookup ledger
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' shared
docker network ls
