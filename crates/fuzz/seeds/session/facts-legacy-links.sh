# Facts §4: legacy links on the default bridge write `IP alias ID target`
# into the linking container's /etc/hosts (seen: 172.17.0.2 cache <id>
# redis1); the default bridge has no embedded DNS, so nslookup fails while
# ping (which reads /etc/hosts) works. Seen on 20.10.24: --add-host lines come
# before link lines, and the own line is last.
docker run -d --name redis1 redis
docker run -d --name web --add-host foo:1.2.3.4 --link redis1:cache busybox sleep 100000
docker exec web cat /etc/hosts
docker exec web nslookup cache
docker exec web ping -c 1 cache
