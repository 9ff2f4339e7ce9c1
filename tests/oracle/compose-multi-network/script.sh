# A three-tier project: web on front, db on back, api on both. Compose
# creates the networks in parallel, so which gets which pool varies.
# order-free: networks
docker compose up -d
