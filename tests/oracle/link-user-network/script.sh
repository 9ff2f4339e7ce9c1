# --link on a user-defined network writes no /etc/hosts line: the alias is
# a DNS name that only the linking container sees.
docker network create net1
docker run -d --name u1 --network net1 nginx
docker run -d --name u2 --network net1 --link u1:uu nginx
docker run -d --name u3 --network net1 nginx
