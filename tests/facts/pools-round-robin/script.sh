# Facts §1: docker0 takes 172.17.0.0/16 with gateway 172.17.0.1; up to
# engine 26 pools are handed out round-robin, so after removing a network
# the next one still gets the NEXT pool (seen: 172.22, 172.23, 172.24 over
# three create/remove cycles).
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' bridge
docker network create one
docker network create two
docker network create three
docker network create four
docker network rm two three four
docker network create cycle1
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' cycle1
docker network rm cycle1
docker network create cycle2
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' cycle2
docker network rm cycle2
docker network create cycle3
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' cycle3
