docker network create --subnet 10.10.0.0/24 lan
docker network create pooled
