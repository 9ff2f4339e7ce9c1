# On Linux no one adds host.docker.internal: app's /etc/hosts lacks it and
# the embedded DNS does not know it either.
docker compose up -d
docker compose exec app ping -c 1 host.docker.internal
docker compose exec app cat /etc/hosts
# extra_hosts with the special value host-gateway writes the host's address
# (the default bridge's gateway, 172.17.0.1) into /etc/hosts.
docker compose exec app-fixed cat /etc/hosts
docker compose exec app-fixed ping -c 1 host.docker.internal
docker inspect -f '{{.HostConfig.ExtraHosts}}' host-docker-internal-app-fixed-1
