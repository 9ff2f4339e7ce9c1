# Played by the CLI test `logs_keep_the_apps_two_streams`: an app's errors
# are on its stderr, so `docker logs` writes them to stderr and the rest to
# stdout, as the engine keeps the two streams apart.
docker compose up -d
sleep 10
docker logs output-drifts-app-1
