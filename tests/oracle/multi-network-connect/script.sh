# A container joined to a second network at run time answers on both, and
# each other container reaches it only on the network they share.
docker network create front
docker network create back
docker run -d --name web --network front nginx
docker network connect back web
docker run -d --name browser --network front nginx
docker run -d --name db --network back mysql:5.7
