docker compose up -d
# Every web replica answers to the service name: the embedded DNS returns
# all 100 addresses.
docker compose exec lb getent hosts web
# web is on front only: the database is out of its reach.
docker compose exec --index 42 web getent hosts db
