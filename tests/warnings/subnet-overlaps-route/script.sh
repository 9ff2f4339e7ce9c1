# The simulated host's LAN is 10.0.2.0/24.
docker network create --subnet 10.0.2.0/24 lan
