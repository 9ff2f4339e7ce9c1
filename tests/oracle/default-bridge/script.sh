# Two containers on the default bridge: addresses in start order, a copy of
# the host's resolv.conf, and no DNS names at all (not even each other's).
docker run -d --name one nginx
docker run -d --name two nginx
