docker compose up -d
docker compose exec sidecar ip -o -4 addr
# Recreating app ALONE (Compose 2.40.3 leaves the sidecar running): the
# sidecar still sits in the old app's namespace, whose eth0 is gone.
docker compose up -d --force-recreate app
docker compose exec sidecar ip -o -4 addr
# Plain docker behaves the same: --network container:X holds X's id, not
# its name, so a new X does not bring the network back.
docker run -d --name probe --network container:service-mode-recreate-app-1 busybox sleep 3600
docker rm -f service-mode-recreate-app-1
docker compose up -d app
docker exec probe ip -o -4 addr
docker restart probe
# The fix: recreate the dependants with it. A plain `docker compose up -d`
# after a change to app recreates app AND the sidecar (Compose 2.40.3).
docker compose up -d --force-recreate
docker compose exec sidecar ip -o -4 addr
