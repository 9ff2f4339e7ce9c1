docker compose up -d
docker compose exec sidecar ip -o -4 addr
docker compose exec batch ip -o -4 addr
docker compose exec sidecar hostname -i
docker inspect -f '{{.HostConfig.NetworkMode}}' network-modes-app-1 network-modes-sidecar-1 network-modes-monitor-1 network-modes-batch-1
