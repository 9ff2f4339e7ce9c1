# network_mode host: no veth, no address of its own, the host's interfaces
# and resolver; it reaches every bridge.
docker run -d --name hosted --network host nginx
docker run -d --name bridged nginx
docker network create side
docker run -d --name sider --network side nginx
