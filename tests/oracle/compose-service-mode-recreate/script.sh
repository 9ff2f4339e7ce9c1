# network_mode service:app, then app recreated alone: Compose 2.40.3 leaves
# the sidecar in the old app's namespace, which has only lo left.
docker compose up -d
docker compose up -d --force-recreate app
