# Legacy links on the default bridge: /etc/hosts lines for the link targets
# (alias, hostname, name), --add-host lines before them, and the own line
# last. The embedded DNS plays no part. Several link lines come in Go map
# order, which varies between runs.
# order-free: hosts
docker run -d --name target nginx
docker run -d --name other nginx
docker run -d --name linker --link target --link other:db --add-host foo:1.2.3.4 nginx
docker run -d --name hn --hostname myhost --link target:t nginx
