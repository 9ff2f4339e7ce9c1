# A long sleep through loops that repeat themselves: a container that
# crashes the moment it starts, an app that keeps failing to connect, and a
# health check that keeps failing. Once a loop repeats itself exactly,
# simulated time skips through it and the log counts the skipped rounds.
docker run -d --name storm --restart always alpine false
docker network create back
docker run -d --name app --network back --label composenet.connects=nowhere:80 alpine sleep 1e9
docker run -d --name sick --health-cmd false --health-interval 1s alpine sleep 1e9
sleep 86400
docker ps -a
docker inspect -f '{{.Name}} restarts={{.RestartCount}}' storm
docker inspect -f '{{.Name}} failing streak={{.State.Health.FailingStreak}}' sick
