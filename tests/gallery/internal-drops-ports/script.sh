# No warning, no error: api starts, and its port is simply not there.
docker compose up -d
docker port internal-drops-ports-api-1
docker inspect -f '{{json .HostConfig.PortBindings}} -> {{json .NetworkSettings.Ports}}' internal-drops-ports-api-1
# api-fixed is also on front, which is not internal: its port is published.
docker port internal-drops-ports-api-fixed-1
docker compose ps
