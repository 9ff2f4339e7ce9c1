# depends_on orders starts only; condition service_healthy waits for the
# health check, polled in simulated time.
docker compose up -d
docker compose ps
docker logs health-depends-on-eager-1
docker logs health-depends-on-careful-1
#--- FILE compose.yaml
# depends_on without and with a health check while the database
# initialises (x-composenet ready_after: 15s).
services:
  db:
    image: mysql:8
    environment:
      MYSQL_ROOT_PASSWORD: secret
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "localhost"]
      interval: 5s
      retries: 5
    x-composenet:
      ready_after: 15s
  eager:
    image: wordpress
    environment:
      WORDPRESS_DB_HOST: db:3306
    depends_on: [db]
  careful:
    image: wordpress
    environment:
      WORDPRESS_DB_HOST: db:3306
    depends_on:
      db:
        condition: service_healthy
