# A container whose process exits releases its address; the next container
# takes it while the exited one keeps its name.
docker network create net
docker run -d --name short --network net busybox sh -c 'sleep 1; exit 0'
docker run -d --name long --network net nginx
sleep 4
docker run -d --name later --network net nginx
