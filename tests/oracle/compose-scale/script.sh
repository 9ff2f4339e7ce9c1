# A scaled service: three replicas, one DNS name with three addresses.
# The replicas start in parallel, so which one gets which address varies.
# order-free: addresses
docker compose up -d --scale web=3
