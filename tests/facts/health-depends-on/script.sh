# depends_on orders starts only; condition service_healthy waits for the
# health check, polled in simulated time.
docker compose up -d
docker compose ps
docker logs health-depends-on-eager-1
docker logs health-depends-on-careful-1
