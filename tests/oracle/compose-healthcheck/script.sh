# depends_on service_healthy waits for a passing health check; a failing
# one leaves its dependent never started.
docker compose up -d
sleep 3
