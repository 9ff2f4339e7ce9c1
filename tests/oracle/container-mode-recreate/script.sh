# --network container:app holds app's id: after app is removed and run
# again under the same name, the sidecar keeps only lo.
docker network create shop
docker run -d --name app --network shop nginx
docker run -d --name sidecar --network container:app busybox
docker rm -f app
docker run -d --name app --network shop nginx
