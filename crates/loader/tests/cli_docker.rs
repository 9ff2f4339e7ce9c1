//! The docker CLI grammar: `run`/`create`, container, network and volume
//! commands, option values, and the error messages of bad command lines.

#[path = "cli_support.rs"]
mod support;

use composenet_loader::cli::{parse_docker, parse_publish, parse_restart_policy};

/// Lexes and parses each script, rendering every command's outcome into
/// one snapshot named `name`.
fn check(name: &str, scripts: &[&str]) {
    insta::assert_snapshot!(name, support::render_all(scripts));
}

#[test]
fn seed_000_wordpress_tutorial() {
    check("seed_000", &[support::SEED_000]);
}

#[test]
fn seed_004_multi_container_tutorial() {
    check("seed_004", &[support::SEED_004]);
}

#[test]
fn seeds_parse_without_errors() {
    for seed in [support::SEED_000, support::SEED_004] {
        let (lines, diags) = support::lex(seed);
        assert!(diags.is_empty());
        for line in lines {
            if line.words[0] == "docker" {
                parse_docker(&line.words).unwrap_or_else(|e| panic!("{}: {e}", line.text));
            }
        }
    }
}

#[test]
fn run_flags() {
    check(
        "run_flags",
        &[
            "docker run -dit --name alpine1 alpine ash",
            "docker run -dp 3000:3000 -w /app -v \"$(pwd):/app\" node:18-alpine sh -c \"yarn install && yarn run dev\"",
            "docker run --rm -p8080:80 -p 127.0.0.1::53/udp --publish=[::1]:443:443 -P --expose 9000-9001 nginx",
            "docker run --network=name=my-net1,ip=192.0.2.42 --network=name=my-net2,ip=192.0.3.42 busybox",
            "docker run -itd --network=name=my-net,\\\"driver-opt=com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.log_martians=1,net.ipv4.conf.IFNAME.forwarding=0\\\",ip=192.0.2.42 busybox",
            "docker run --network name=gwnet,gw-priority=1 --network anet1 --name myctr myimage",
            "docker run --net mynet --net-alias db --network-alias=database --ip 10.1.2.3 --ip6 2001:db8::3 --mac-address 02:42:ac:11:00:02 --link web:w --link cache img",
            "docker run --rm -it --network container:redis redis redis-cli -h 127.0.0.1",
            "docker run -h myhost --domainname example.com --dns 8.8.8.8 --dns-search example.com --dns-option ndots:2 --add-host=db:10.0.0.2 --add-host my-hostname=[2001:db8::33] --add-host host.docker.internal=host-gateway alpine",
            "docker run -e A=1 -e B --env C= --env-file ./env.list -l app=web --label tier alpine env",
            "docker run --restart on-failure:3 --health-cmd 'curl -f localhost' --health-interval 30s --health-retries 3 --health-timeout=5s --health-start-period 1m --health-start-interval 500ms --stop-timeout 20 img",
            "docker run --no-healthcheck --restart=always --entrypoint /bin/sh -u 1000:1000 --privileged --cap-add NET_ADMIN --cap-drop ALL --init --sysctl net.ipv4.ip_forward=1 img -c 'ip route'",
            "docker run -m 512m --cpus 1.5 --platform linux/amd64 --pull always --ulimit nofile=1024 --log-driver none -q --detach=false --rm=true --tty=0 img",
            "docker run -d --name redis redis --bind 127.0.0.1",
            "docker run --rm -- alpine -x",
            "docker run --mount type=volume,src=data,dst=/data --volumes-from other --tmpfs /run --read-only -a stdout img",
            "docker create --name my-nginx --network my-net --publish 8080:80 nginx:latest",
            "docker container run --rm busybox ping -c1 docker.com",
            "sudo docker run hello-world",
        ],
    );
}

#[test]
fn run_errors() {
    check(
        "run_errors",
        &[
            "docker run",
            "docker run --foo img",
            "docker run -dz img",
            "docker run --name",
            "docker run -it -p",
            "docker run --name a img",
            "docker run --name 'bad name' img",
            "docker run --name c1--net macvlan10 --ip 192.168.10.2 busybox sh",
            "docker run --restart sometimes img",
            "docker run --restart always:3 img",
            "docker run --restart on-failure:x img",
            "docker run --restart on-failure:-1 img",
            "docker run --restart :3 img",
            "docker run --rm --restart always img",
            "docker run -p 80:abc img",
            "docker run -p 8000-8010:80-81 img",
            "docker run -p 80/icmp img",
            "docker run -p 999.1.1.1:80:80 img",
            "docker run -p : img",
            "docker run --expose abc img",
            "docker run -e =x img",
            "docker run --add-host bad img",
            "docker run --add-host db:not-an-ip img",
            "docker run --link a:b:c img",
            "docker run --ip 10.0.0.300 img",
            "docker run --dns nameserver img",
            "docker run --mac-address zz img",
            "docker run --network-alias db img",
            "docker run --network host --network-alias db img",
            "docker run --network a --network a img",
            "docker run --network host --network mynet img",
            "docker run --network name=n,alias=x --network-alias y img",
            "docker run --network name=n,foo=bar img",
            "docker run --network alias=x,ip=1.2.3.4 img",
            "docker run --health-interval 10 img",
            "docker run --health-interval -1s img",
            "docker run --no-healthcheck --health-cmd true img",
            "docker run --health-retries x img",
            "docker run --stop-timeout 1.5 img",
            "docker run -d=maybe img",
            "docker run -d -a stdout img",
            "docker run --sysctl kernel.hostname=x img",
            "docker create -d img",
            "docker run ---x img",
        ],
    );
}

#[test]
fn container_commands() {
    check(
        "container_commands",
        &[
            "docker start -ai web db",
            "docker stop -t 5 web db",
            "docker stop --time=0 web; docker restart --timeout 3 -s SIGTERM web",
            "docker kill -s HUP web",
            "docker rm -fv web; docker container rm -f web; docker rm -l web/db",
            "docker ps -a -q --filter name=web --filter status=running --format '{{.Names}}' --no-trunc",
            "docker container ls -a; docker container list; docker container ps -n 3",
            "docker inspect -f \"{{ .HostConfig.Links }}\" web",
            "docker inspect --type network bridge; docker container inspect my-macvlan-alpine",
            "docker exec -it <mysql-container-id> mysql -p",
            "docker exec -d -e A=1 -w /tmp -u root --privileged web ip addr show eth0",
            "docker exec web ping -c 1 db",
            "docker logs -f --tail 10 -t web; docker logs -n all web",
            "docker port web 80/tcp; docker port web",
            "docker pause a b; docker unpause a; docker wait a",
            "docker rename old new",
            "docker top web aux",
            "docker attach alpine1; docker container attach --no-stdin alpine1",
            "docker container prune -f --filter until=1h",
            "docker pull alpine; docker image pull -q nginx; docker images; docker image ls",
            "docker version; docker info; docker system info; docker --version",
            "docker -H tcp://host:2375 --context default ps",
            "docker run --help; docker network create --help; docker -h",
        ],
    );
}

#[test]
fn container_command_errors() {
    check(
        "container_command_errors",
        &[
            "docker",
            "docker foo",
            "docker container",
            "docker container frobnicate x",
            "docker ps extra",
            "docker stop",
            "docker exec web",
            "docker logs a b",
            "docker rename a",
            "docker port a 80 90",
            "docker stop -t abc web",
            "docker inspect --type bogus x",
            "docker ps --filter badfilter",
            "docker service create --name s busybox top",
            "docker node ls",
            "docker build -t x .",
            "docker system prune",
            "podman run alpine",
        ],
    );
}

#[test]
fn network_commands() {
    check(
        "network_commands",
        &[
            "docker network create --driver bridge alpine-net",
            "docker network create -d macvlan --subnet=172.16.86.0/24 --gateway=172.16.86.1 -o parent=eth0 my-macvlan-net",
            "docker network create --driver=bridge --subnet=172.28.0.0/16 --ip-range=172.28.5.0/24 --gateway=172.28.5.254 br0",
            "docker network create -d overlay --subnet=192.168.10.0/25 --subnet=192.168.20.0/25 --gateway=192.168.10.100 --gateway=192.168.20.100 --aux-address=\"my-router=192.168.10.5\" --aux-address=\"my-switch=192.168.10.6\" --aux-address=\"my-printer=192.168.20.5\" my-multihost-network",
            "docker network create -o \"com.docker.network.bridge.host_binding_ipv4\"=\"172.19.0.1\" -o com.docker.network.driver.mtu=9216 simple-network",
            "docker network create --ipv6 --subnet 192.0.2.0/24,2001:db8::/64 --internal --attachable --label env=dev --ipam-driver default --ipam-opt foo=bar mynet",
            "docker network create --ipv6 --ipv4=false v6net",
            "docker network create --config-only --subnet 192.168.100.0/24 --gateway 192.168.100.115 mv-config",
            "docker network create -d macvlan --scope swarm --config-from mv-config --attachable swarm-network",
            "docker network ls; docker network ls -q --filter driver=bridge --format '{{.Name}}' --no-trunc; docker network list",
            "docker network inspect bridge alpine-net; docker network inspect mynet -f '{{json .IPAM.Config}}' -v",
            "docker network connect --ip 10.10.36.122 multi-host-network container2",
            "docker network connect --alias db --alias mysql --link container1:c1 multi-host-network container2",
            "docker network connect --driver-opt=\\\"com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.log_martians=1,net.ipv4.conf.IFNAME.forwarding=0\\\" multi-host-network container2",
            "docker network connect --ip6 2001:db8::5 --link-local-ip 169.254.1.1 --gw-priority 10 net c",
            "docker network disconnect -f my-net my-nginx",
            "docker network rm a b; docker network remove -f c",
            "docker network prune -f; docker network prune --filter until=24h",
        ],
    );
}

#[test]
fn network_errors() {
    check(
        "network_errors",
        &[
            "docker network",
            "docker network frob",
            "docker network create",
            "docker network create -d macvlan --subnet 192.168.10.0/24 --gateway 192.168.10.1 -o parent=eth0.10macvlan10",
            "docker network create a b",
            "docker network create --gateway 10.0.0.1 n",
            "docker network create --subnet 10.0.0.0/8 --subnet 10.1.0.0/16 n",
            "docker network create --subnet 10.0.0.0/24 --ip-range 10.1.0.0/28 n",
            "docker network create --subnet 10.0.0.0/24 --gateway 10.1.0.1 n",
            "docker network create --subnet 10.0.0.0/24 --aux-address r=10.9.0.1 n",
            "docker network create --subnet 10.0.0.0/33 n",
            "docker network create --subnet 10.0.0.0/24 --ip-range 10.0.0.0/28 --ip-range 10.0.0.16/28 n",
            "docker network create --subnet 'a\"b' n",
            "docker network connect net",
            "docker network connect --ip nope net c",
            "docker network disconnect net",
            "docker network inspect",
            "docker network ls extra",
            "docker network rm",
        ],
    );
}

#[test]
fn volume_commands() {
    check(
        "volume_commands",
        &[
            "docker volume create todo-mysql-data",
            "docker volume create --name data -d local -o type=tmpfs --label a=b",
            "docker volume create",
            "docker volume ls -q; docker volume list --filter dangling=true",
            "docker volume inspect a b; docker volume rm -f a; docker volume prune -af",
            "docker volume create a b",
            "docker volume create --name a b",
            "docker volume update x",
        ],
    );
}

/// `parse_publish` on its own, one line per input.
#[test]
fn publish_specs() {
    let inputs = [
        "80",
        "8080:80",
        "127.0.0.1:8080:80",
        "127.0.0.1::80",
        "8000-8010:80-90",
        "8000-9000:5000",
        "53:53/udp",
        "80/TCP",
        "9:9/sctp",
        "[::1]:80:80",
        "::1:80:80",
        "[2001:db8::1]::443/udp",
        "published=8080,target=80,protocol=udp",
        "target=80",
        ":80",
        "",
        "80:",
        "abc",
        "80:abc",
        "70000",
        "90-80",
        "8000-8010:80-85",
        "80/icmp",
        "1.2.3:80:80",
        "[::1:80:80",
        "published=8080,bogus",
    ];
    let out: Vec<String> = inputs
        .iter()
        .map(|i| format!("{i:?} => {:?}", parse_publish(i)))
        .collect();
    insta::assert_snapshot!("publish_specs", out.join("\n"));
}

/// `parse_restart_policy` on its own, one line per input.
#[test]
fn restart_policies() {
    let inputs = [
        "",
        "no",
        "always",
        "unless-stopped",
        "on-failure",
        "on-failure:5",
        "on-failure:",
        "on-failure:+2",
        "on-failure:-1",
        "on-failure:x",
        "always:1",
        "always:-1",
        ":1",
        "sometimes",
        "Always",
    ];
    let out: Vec<String> = inputs
        .iter()
        .map(|i| match parse_restart_policy(i) {
            Ok(p) => format!("{i:?} => {p:?}"),
            Err(e) => format!("{i:?} => error: {e}"),
        })
        .collect();
    insta::assert_snapshot!("restart_policies", out.join("\n"));
}
