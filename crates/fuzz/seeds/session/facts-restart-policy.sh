# Facts §6: a container that exits is restarted by its policy after 100 ms,
# doubling, and each restart allocates its address anew; `docker stop`
# ends the restarts.
docker network create net
docker run -d --name flaky --network net --restart on-failure:3 busybox sh -c 'sleep 2; exit 1'
docker run -d --name steady --network net busybox sleep 100000
sleep 10
docker ps -a
docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' flaky
docker run -d --name always --restart always busybox sh -c 'exit 3'
sleep 1
docker stop always
docker inspect -f '{{.Name}} {{.State.Status}} {{.RestartCount}}' always
# Seen on 20.10.24: docker kill, even with SIGTERM, ends the restart policy.
docker run -d --name killed --restart always busybox sh -c 'sleep 1; exit 3'
docker kill -s TERM killed
sleep 3
docker inspect -f '{{.Name}} {{.State.Status}} {{.RestartCount}}' killed
