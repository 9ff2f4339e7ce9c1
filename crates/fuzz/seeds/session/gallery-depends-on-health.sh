docker compose up -d
sleep 30
docker compose ps
docker compose logs eager
docker compose logs careful
#--- FILE compose.yaml
# depends_on orders starts, not readiness. "eager" starts as soon as db's
# container runs and is refused while MySQL initialises; "careful" waits for
# db's health check to pass.
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
