# A compose network with internal: true — no default route through it; a
# service on both networks routes through the other one.
# order-free: networks
docker compose up -d
