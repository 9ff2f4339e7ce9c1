# Compose links on a user network: the link alias resolves only from the
# linking service; links also order the start.
# names: database
docker compose up -d
