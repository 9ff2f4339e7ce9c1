# down removes the project's network; the next up gets the NEXT pool
# (round-robin on 20.10), so every address changes.
docker compose up -d
docker compose down
docker compose up -d
