# `docker run --network nosuch` fails, but the engine has already created
# the container: it stays behind, `created`, in network mode `nosuch`.
# names: lost
docker run -d --name lost --network nosuch nginx # fails
docker run -d --name fine nginx
