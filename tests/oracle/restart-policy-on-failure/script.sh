# on-failure:2 restarts a failing container twice, then leaves it exited;
# --restart no leaves it at once; always after docker stop stays stopped.
# Each restart takes the lowest free address again; once all have ended,
# a newcomer gets the first address.
docker network create net
docker run -d --name flaky --network net --restart on-failure:2 busybox sh -c 'sleep 1; exit 3'
docker run -d --name once --network net busybox sh -c 'sleep 1; exit 4'
docker run -d --name keeper --network net --restart always nginx
docker stop -t 1 keeper
sleep 10
docker run -d --name steady --network net --restart unless-stopped nginx
