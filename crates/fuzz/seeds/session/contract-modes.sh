# Network modes, an internal network, a health check that is still
# starting, a rename and a restart cancelled by docker stop: every state the
# drawing shows must come from an event.
docker network create --internal back
docker run -d --name db --network back busybox sleep 3600
docker run -d --name web --network back --health-cmd 'curl -f localhost' --health-interval 1h --health-start-period 1h --health-start-interval 1h busybox sleep 3600
docker run -d --name hostc --network host busybox sleep 3600
docker run -d --name nonec --network none busybox sleep 3600
docker run -d --name side --network container:db busybox sleep 3600
docker exec side ping -c 1 web
docker exec web ping -c 1 10.0.2.15
docker exec web nslookup nonec
docker exec nonec ping -c 1 web
docker exec nonec nc -z -w 1 172.17.0.2 80
docker run -d --name flaky --restart always busybox false
sleep 0.05
docker stop flaky
docker rename db database
docker exec web nslookup database
docker exec web nslookup db
