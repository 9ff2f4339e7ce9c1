# Legacy links work only on the default bridge and only to a running
# container. A link to a container on a user network fails at start
# (`Cannot link to /db, as it does not belong to the default network`), a
# link to a stopped one too (`Cannot link to a non running container`);
# both linking containers are left `created`.
docker network create other
docker run -d --name db --network other nginx
docker run -d --name linker --link db:peer nginx # fails
docker run -d --name stopped nginx
docker stop -t 1 stopped
docker run -d --name linker2 --link stopped:peer2 nginx # fails
docker run -d --name plain nginx
