docker compose up -d --scale worker=2
