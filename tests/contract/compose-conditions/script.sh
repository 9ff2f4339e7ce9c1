# Compose waits for a one-off job to complete, then replaces app when its
# configuration changes.
docker compose up -d
docker compose -f compose.yaml -f more.yaml up -d
