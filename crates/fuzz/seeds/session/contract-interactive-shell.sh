# The player's shell state is its own, not the container's: `docker run -it`
# leaves no label behind, and leaving the shell ends the container with the
# shell's exit code, while leaving a `docker exec -it` shell does not.
docker run -it --name shell1 busybox
hostname -i
exit 3
docker inspect -f '{{json .Config.Labels}} {{.State.Status}} {{.State.ExitCode}}' shell1
docker run -d --name daemon1 busybox sleep 3600
docker exec -it daemon1 sh
exit
docker inspect -f '{{.State.Status}}' daemon1
