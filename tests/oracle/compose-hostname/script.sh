# hostname and domainname in compose: the hosts line carries the FQDN and
# the short name; the hostname is a DNS alias on 20.10.
# names: box box.example.com
docker compose up -d
