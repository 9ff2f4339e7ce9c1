docker compose up
docker compose ps --all --format '{{.Name}} {{.State}}'
docker compose up -d
docker compose ps
docker compose ps --format '{{.Name}} {{.Ports}} {{json .Publishers}}'
docker compose ps --format 'table {{.Name}}\t{{.Service}}\t{{.State}}'
docker compose ps --status exited
docker kill compose-db-1 # setup
docker compose up -d
docker compose ps --status running --format '{{.Service}}'
docker compose down
