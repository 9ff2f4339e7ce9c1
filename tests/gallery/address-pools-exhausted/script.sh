# Docker carves user networks out of 31 predefined pools (172.17-31.0.0/16
# and 192.168.0-240.0/20); the default bridge holds the first. The 31st
# user network finds none left.
docker network create net1
docker network create net2
docker network create net3
docker network create net4
docker network create net5
docker network create net6
docker network create net7
docker network create net8
docker network create net9
docker network create net10
docker network create net11
docker network create net12
docker network create net13
docker network create net14
docker network create net15
docker network create net16
docker network create net17
docker network create net18
docker network create net19
docker network create net20
docker network create net21
docker network create net22
docker network create net23
docker network create net24
docker network create net25
docker network create net26
docker network create net27
docker network create net28
docker network create net29
docker network create net30
docker network create net31
# A subnet given by hand needs no pool: pick one that collides with
# nothing on your LAN or VPN (10.10.0.0/24 here).
docker network create --subnet 10.10.0.0/24 manual
docker run -d --name vpn-safe --network manual nginx
# Removing unused networks gives their pools back (manual is in use, so
# it stays).
docker network prune -f
docker network create again
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' again
docker run -d --name web --network again nginx
