# Every way a reverse proxy's request can end. Labels declare what the
# proxies do (composenet.upstream, composenet.resolve_upstream).
docker network create shop
# nginx refuses to start when its upstream does not resolve.
docker run -d --name early --network shop --label composenet.upstream=api:3000 nginx
docker logs early
docker run -d --name api --network shop --label composenet.listen=3000 node:20-alpine node server.js
docker run -d --name proxy --network shop --label composenet.upstream=api:3000 nginx
docker run -d --name dynamic --network shop --label composenet.upstream=api:3000 --label composenet.resolve_upstream=per_request nginx
docker run -d --name web --network shop node:20-alpine sleep 3600
docker exec web curl -s http://proxy/
# api goes away: the stale address is nobody's, and the per-request proxy
# finds no api at all.
docker rm -f api
docker exec web curl -s http://proxy/
docker exec web wget -qO- http://dynamic/
# Another app that listens on 3000 takes the old address: it gets the
# requests meant for api.
docker run -d --name other --network shop --label composenet.listen=3000 node:20-alpine node other.js
docker exec web curl -s http://proxy/
