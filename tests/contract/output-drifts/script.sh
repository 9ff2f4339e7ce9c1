# Output as Docker and Compose print it (issue 12's drifts, each checked on
# engine 28.5.2 with Compose 2.40.3): the version warning before the output
# and without line:col, depends_on as valid YAML, the attached up with its
# prefixed logs and what Ctrl-C prints, up -d after a kill, compose ps as a
# table, as JSON and by status, logs --tail/-t/--since/-f, docker ps with
# the image's entrypoint and exposed ports.
docker compose config
docker compose up
docker compose up -d
docker kill output-drifts-db-1
docker compose up -d
docker compose ps
docker compose ps --format 'table {{.Name}}\t{{.Service}}\t{{.State}}'
docker compose ps --format json
docker compose ps --status exited
docker compose logs --tail 2
docker logs --tail 1 output-drifts-app-1
docker logs -t --tail 2 output-drifts-app-1
docker logs --since 1s output-drifts-app-1
docker logs -f output-drifts-db-1
docker logs --since bogus output-drifts-db-1
docker ps
docker ps --filter status=running --filter name=db --format '{{.Names}}: {{.Ports}}'
docker network create -d overlay swarmnet
docker network create -d nosuch plug
docker foo
