//! The tools people run inside containers: DNS lookups, ping, `ip`,
//! `/etc/hosts`, HTTP clients and shell built-ins.

#[path = "cli_support.rs"]
mod support;

/// Lexes and parses each script, rendering every command's outcome into
/// one snapshot named `name`.
fn check(name: &str, scripts: &[&str]) {
    insta::assert_snapshot!(name, support::render_all(scripts));
}

#[test]
fn dns_tools() {
    check(
        "dns_tools",
        &[
            "nslookup db; nslookup -type=aaaa web 127.0.0.11; nslookup -timeout=2 -retry=1 db",
            "dig mysql; dig +short db; dig @127.0.0.11 web AAAA +search; dig -x 172.18.0.2; dig -t mx example.com",
            "getent hosts db; getent ahostsv4 web; getent hosts",
            "cat /etc/hosts; cat /etc/resolv.conf /etc/hostname",
            "nslookup; nslookup -bogus db; dig db bogus",
        ],
    );
}

#[test]
fn network_tools() {
    check(
        "network_tools",
        &[
            "ping -c 2 alpine2; ping -c1 docker.com; ping -qc3 -W 1 -w 5 -4 db; ping web",
            "ping; ping -c x db; ping -c 0 db; ping -Z db",
            "ip addr show; ip a; ip -o -4 addr show; ip address show dev eth0; ip addr show eth0",
            "ip route; ip r; ip route show; ip link; ip -br link show eth1; ip neigh",
            "ip; ip frob; ip -z a; ip route add default via 10.0.0.1; ip addr show dev",
            "ifconfig; ifconfig eth0; traceroute db",
            "hostname; hostname -i; hostname -I; hostname newname",
            "curl -s host.docker.internal:8000/hello; curl -fsSL -o /dev/null -m 5 http://web/; curl --connect-timeout 2 -H 'Host: x' http://web:8080/health",
            "wget -qO- http://web/; wget -q -O - web:80; wget --spider -T 3 http://db:5432",
            "nc -z -v -w 2 db 5432; nc -zv db 3306; nc -l -p 8080; nc -lk 9000; nc db",
            "curl; wget",
        ],
    );
}

#[test]
fn shell_builtins() {
    check(
        "shell_builtins",
        &[
            "echo hello world; echo -n x; echo -e 'a\\tb'; echo -- -n",
            "sleep 1; sleep 0.5; sleep 2m; sleep 1 30s; sleep infinity; sleep abc; sleep",
            "exit; exit 3; exit 300; exit -1; exit abc",
            "env; env A=1 printenv A; printenv; printenv HOME PATH",
            "sh -c 'yarn install && yarn run dev'; /bin/sh; bash -lc 'echo hi' arg0; ash -x script.sh",
            "true; false; :",
            "mysql -u root -p; redis-cli -h 127.0.0.1; /usr/bin/python3 -m http.server 8000",
        ],
    );
}
