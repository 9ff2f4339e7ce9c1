# A compose project on its implicit default network. depends_on makes the
# start order (and so the addresses) the same on every run.
docker compose up -d
