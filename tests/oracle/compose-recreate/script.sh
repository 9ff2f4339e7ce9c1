# --force-recreate replaces every container; with nothing else moving each
# gets its old address back.
docker compose up -d
docker compose up -d --force-recreate
