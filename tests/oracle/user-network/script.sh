# A user-defined network: the next pool after docker0, the embedded DNS,
# container names resolving, and a default-bridge container cut off.
# names: nothing-here
docker network create app
docker run -d --name web --network app nginx
docker run -d --name db --network app mysql:5.7
docker run -d --name outsider nginx
