# Another project, shop, made the network its compose file calls shared:
# Compose named it shop_shared, after its project.
docker compose -f shop/compose.yaml up -d
docker network ls
# This project asks for an external network called shared: there is none.
docker compose up -d
# The fix names the network as Docker knows it.
docker compose -f fixed.yaml up -d
docker compose -f fixed.yaml exec admin getent hosts api
