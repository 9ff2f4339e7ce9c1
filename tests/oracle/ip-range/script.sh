# --ip-range without --gateway: the gateway is the range's first address
# and containers are allocated inside the range.
docker network create --subnet 172.28.0.0/16 --ip-range 172.28.5.0/24 ranged
docker run -d --name r1 --network ranged nginx
docker run -d --name r2 --network ranged nginx
