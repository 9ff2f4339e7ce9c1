#!/bin/bash
# Records what a real engine prints for each case's script.sh into the
# case's engine-$ENGINE.txt (28 unless set), line by line (`$ LINE`, then stdout and stderr as
# the terminal shows them). Lines ending in `# setup` set the scene and
# their output (ids, the engine's warnings) is not kept.
# Usage: DOCKER=/path/to/docker-wrapper ENGINE=28 tests/output/record.sh [CASE...]
# (the engines come from ../shared/oracle/newer-engine.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
docker=${DOCKER:-docker}
cases=${*:-$(cd "$here" && ls -d */ | tr -d /)}
for case in $cases; do
    out="$here/$case/engine-${ENGINE:-28}.txt"
    : >"$out"
    # Compose projects are named after the case's folder; the test plays it
    # in /cases/CASE, so the recording names that path too.
    cd "$here/$case"
    while IFS= read -r line; do
        [ -z "$line" ] && continue
        echo "\$ $line" >>"$out"
        cmd=${line% \# setup}
        if [ "$cmd" != "$line" ]; then
            eval "${cmd/#docker/$docker}" >/dev/null 2>&1
            echo "(not compared)" >>"$out"
        else
            run=${cmd/#docker/$docker}
            # An attached `compose up` runs until Ctrl-C: a SIGINT after 4 s.
            case "$cmd" in
            "docker compose up"|"docker compose up "[!-]*) run="timeout -s INT 4 $run" ;;
            esac
            eval "$run" 2>&1 | sed "s|$here/$case|/cases/$case|g" >>"$out"
        fi
    done <"$here/$case/script.sh"
    ids=$($docker ps -aq); [ -n "$ids" ] && $docker rm -f $ids >/dev/null
    $docker network prune -f >/dev/null
done
