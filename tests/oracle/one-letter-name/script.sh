# A one-letter container name is refused (`Invalid container name (a), only
# [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`) and nothing is created. Until the
# recorder refused failing lines, stop-start-same-address used such names
# and its 20.10 facts held no container at all.
# names: a
docker run -d --name a nginx # fails
docker run -d --name ab nginx
