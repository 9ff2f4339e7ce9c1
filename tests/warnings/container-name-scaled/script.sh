docker compose up -d --scale api=2
