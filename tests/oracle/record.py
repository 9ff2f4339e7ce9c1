#!/usr/bin/env python3
"""Plays oracle scenarios on a real Docker engine and records what it saw.

For each scenario folder tests/oracle/<name>/ (all of them, or the ones
named on the command line) this starts a fresh private engine, runs
`script.sh` line by line with bash inside a copy of the folder, observes
the engine and writes the facts beside the script: `facts.json` for engine
20.10, `facts-<major>.json` for any other (`facts-26.json`). See README.md
for the facts and for how the simulator is held to them.

A script line that fails stops the recording of its scenario (no facts are
written) unless it ends in the comment `# fails`: the scenario shows a
failure on purpose.

    record.py [--chroot DIR] [SCENARIO ...]

Without --chroot the engine is the machine's own /usr/sbin/dockerd; with
it, the engine and its CLI come from a Debian chroot made by
engine-chroot.sh, which runs the engine in its own network namespace.

Run it through record.sh, which checks the machine and sets the paths up.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

ORACLE = os.path.dirname(os.path.abspath(__file__))
DOCKER = "/usr/bin/docker"
STATE = os.environ.get("ORACLE_STATE", "/tmp/composenet-oracle")
SOCK = os.path.join(STATE, "docker.sock")
# The Debian chroot the engine comes from (--chroot), or None for the
# machine's own engine.
CHROOT = None
# A trailing comment that marks a script line expected to fail.
FAILS = re.compile(r"#\s*fails\s*$")
IMAGE = "busybox-oracle"
IMAGE_CMD = ["/bin/sleep", "100000"]
# The engine is started without touching the host's firewall or forwarding,
# so different bridges cannot reach each other (the outcome Docker's
# isolation rules give) and nothing outside the host is reachable.
DAEMON_FLAGS = [
    "--iptables=false",
    "--ip-forward=false",
    "--ip-masq=false",
    "--userland-proxy=false",
    "--storage-driver",
    "vfs",
]
# Image names every scenario may use without listing them; a scenario adds
# more with a `# images:` header line. Compose files' `image:` keys are
# tagged too.
COMMON_IMAGES = [
    "busybox",
    "alpine",
    "nginx",
    "nginx:alpine",
    "redis",
    "mysql:5.7",
    "mysql:8",
    "wordpress:latest",
    "nicolaka/netshoot",
    "node:12-alpine",
    "postgres",
]
BUSYBOX_LINKS = [
    "sh", "ip", "ping", "nslookup", "sleep", "cat", "hostname", "true",
    "false", "echo", "ls", "env", "wget", "nc", "tail", "grep", "sed",
    "awk", "wc", "sort", "mkdir", "rm", "printf", "test", "[", "id",
]

ENV = dict(os.environ)
ENV["DOCKER_HOST"] = "unix://" + SOCK
ENV["PATH"] = os.path.join(STATE, "bin") + ":/usr/bin:/usr/sbin:/bin:/sbin"
ENV["DOCKER_CONFIG"] = os.path.join(STATE, "config")
ENV.pop("COMPOSE_PROJECT_NAME", None)
ENV.pop("COMPOSE_FILE", None)

LOG = None
DAEMON = None
FOLDER = None
# Tokens that stand for made-up container names, to their real names.
RENAMED = {}


def log(text):
    if LOG:
        LOG.write(text)
        LOG.flush()


def sh(args, check=True, timeout=120, cwd=None):
    """Runs a command; returns (status, stdout, stderr)."""
    proc = subprocess.run(
        args,
        env=ENV,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise RuntimeError(f"{args}: exit {proc.returncode}: {proc.stderr}")
    return proc.returncode, proc.stdout, proc.stderr


def docker(*args, **kw):
    return sh([DOCKER, *args], **kw)


# ---------------------------------------------------------------- the engine


def delete_bridges():
    """Deletes docker0 and br-* bridges, left by this recorder's engine."""
    out = subprocess.run(
        ["ip", "-o", "link", "show", "type", "bridge"],
        capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        name = line.split(":")[1].strip().split("@")[0]
        if name == "docker0" or name.startswith("br-"):
            subprocess.run(["ip", "link", "del", name], check=False)


def engine_pid():
    try:
        with open(os.path.join(STATE, "docker.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def descendants(pid):
    """The processes the daemon started (its containerd and shims)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            continue
        for kid in kids:
            found.append(kid)
            found += descendants(kid)
    return found


def alive(pid):
    """Whether a process runs (a zombie waiting to be reaped does not)."""
    if DAEMON is not None and DAEMON.pid == pid:
        return DAEMON.poll() is None
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def chroot_engine(action):
    """Starts or stops the chroot's engine with engine-chroot.sh."""
    env = dict(os.environ, CHROOT=CHROOT)
    proc = subprocess.run(["bash", os.path.join(ORACLE, "engine-chroot.sh"), action],
                          env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"engine-chroot.sh {action}: {proc.stdout}{proc.stderr}")


def stop_engine():
    if CHROOT:
        chroot_engine("stop")
        return
    pid = engine_pid()
    if pid is not None and alive(pid):
        # Removing the containers first is quick; a daemon shutdown would
        # wait for every sleep process to ignore SIGTERM.
        st, out, _ = docker("ps", "-aq", check=False)
        ids = out.split()
        if st == 0 and ids:
            docker("rm", "-f", *ids, check=False, timeout=120)
        children = descendants(pid)
        os.kill(pid, signal.SIGTERM)
        # The daemon shuts down within a second but then waits half a
        # minute for its containerd; that containerd holds no state worth
        # keeping once the data root is wiped, so both are killed.
        for _ in range(30):
            if not alive(pid):
                break
            time.sleep(0.1)
        for p in [pid, *children]:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for _ in range(100):
            if not any(alive(p) for p in [pid, *children]):
                break
            time.sleep(0.1)
    delete_bridges()


def unmount_state():
    """Unmounts what the killed engine left mounted under its directories
    (network namespaces, the vfs root), deepest first."""
    with open("/proc/mounts") as f:
        points = [line.split()[1] for line in f]
    for point in sorted(points, key=len, reverse=True):
        if point.startswith(STATE + "/"):
            subprocess.run(["umount", "-l", point], check=False)


def start_engine():
    """A fresh engine: no networks but the defaults, pools from the start."""
    if CHROOT:
        chroot_engine("restart")
        make_image()
        return
    stop_engine()
    unmount_state()
    for sub in ("data", "exec"):
        shutil.rmtree(os.path.join(STATE, sub), ignore_errors=True)
    os.makedirs(os.path.join(STATE, "data"), exist_ok=True)
    os.makedirs(os.path.join(STATE, "exec"), exist_ok=True)
    args = [
        "dockerd", *DAEMON_FLAGS,
        "--data-root", os.path.join(STATE, "data"),
        "--exec-root", os.path.join(STATE, "exec"),
        "-H", "unix://" + SOCK,
        "--pidfile", os.path.join(STATE, "docker.pid"),
    ]
    daemon_log = open(os.path.join(STATE, "dockerd.log"), "a")
    global DAEMON
    DAEMON = subprocess.Popen(args, stdout=daemon_log, stderr=daemon_log,
                              start_new_session=True)
    for _ in range(300):
        if docker("version", check=False)[0] == 0:
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("dockerd did not start; see " + daemon_log.name)
    make_image()


def make_image():
    tree = os.path.join(STATE, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "bin"))
    for d in ("tmp", "etc", "proc", "sys", "dev", "app"):
        os.makedirs(os.path.join(tree, d))
    shutil.copy("/bin/busybox", os.path.join(tree, "bin", "busybox"))
    for name in BUSYBOX_LINKS:
        os.symlink("busybox", os.path.join(tree, "bin", name))
    # The seed's todo app runs `sh -c "yarn install && yarn run dev"` in a
    # node image: a stand-in yarn whose install succeeds and whose dev
    # server runs until stopped, as the real one does.
    with open(os.path.join(tree, "bin", "yarn"), "w") as f:
        f.write('#!/bin/sh\n[ "$1" = install ] && exit 0\nexec sleep 100000\n')
    os.chmod(os.path.join(tree, "bin", "yarn"), 0o755)
    tar = subprocess.Popen(["tar", "-C", tree, "-c", "."], stdout=subprocess.PIPE)
    subprocess.run(
        [DOCKER, "import", "-c", "CMD " + json.dumps(IMAGE_CMD), "-", IMAGE],
        stdin=tar.stdout, env=ENV, check=True, capture_output=True,
    )
    tar.wait()


def host_facts():
    """The recording machine as the simulator needs to know it: for a
    chroot's engine, its network namespace and the chroot's files."""
    ip_cmd = ["ip"]
    root = "/"
    if CHROOT:
        ip_cmd = ["ip", "-n", "oracle-" + os.path.basename(CHROOT)]
        root = CHROOT
    route = subprocess.run([*ip_cmd, "-4", "route"], capture_output=True,
                           text=True, check=True).stdout
    ip = None
    routes = []
    for line in route.splitlines():
        words = line.split()
        dev = words[words.index("dev") + 1] if "dev" in words else ""
        if dev == "docker0" or dev.startswith("br-"):
            continue
        if words[0] != "default" and "scope" in words and "link" in words:
            routes.append(words[0])
            if "src" in words and ip is None:
                ip = words[words.index("src") + 1]
    gateway = None
    for line in route.splitlines():
        words = line.split()
        if words[:2] == ["default", "via"]:
            gateway = words[2]
    nameservers, search = [], []
    with open(os.path.join(root, "etc/resolv.conf")) as f:
        for line in f:
            words = line.split()
            if words[:1] == ["nameserver"]:
                nameservers.append(words[1])
            elif words[:1] == ["search"]:
                search = words[1:]
    with open(os.path.join(root, "etc/hosts")) as f:
        etc_hosts = f.read().splitlines()
    return {
        "hostname": os.uname().nodename,
        "ip": ip,
        "gateway": gateway,
        "routes": routes,
        "etc_hosts": etc_hosts,
        "nameservers": nameservers,
        "search": search,
        "ip_forward": False,
        # A chroot's engine runs in a namespace with no way out: the host's
        # nameservers do not answer there (nor a `--network host` container).
        "host_resolves": not CHROOT,
    }


# ------------------------------------------------------------ the scenario


def script_lines(text):
    """Lines of script.sh with `\\` continuations joined, comments dropped."""
    lines, cur = [], ""
    for raw in text.splitlines():
        if raw.endswith("\\"):
            cur += raw[:-1] + " "
            continue
        cur += raw
        stripped = cur.strip()
        cur = ""
        if not stripped or stripped.startswith("#"):
            continue
        lines.append(stripped)
    return lines


def header(text, key):
    """Words of `# key: a b c` header lines."""
    words = []
    for line in text.splitlines():
        m = re.match(r"#\s*" + re.escape(key) + r":\s*(.*)$", line)
        if m:
            words += m.group(1).split()
    return words


def images_of(folder, text):
    names = set(COMMON_IMAGES) | set(header(text, "images"))
    for root, _, files in os.walk(folder):
        for f in files:
            if f.endswith((".yaml", ".yml")):
                with open(os.path.join(root, f)) as fh:
                    for m in re.finditer(r"^\s*image:\s*[\"']?([^\"'\s#]+)",
                                         fh.read(), re.M):
                        names.add(m.group(1))
    return sorted(names)


class ScriptFailed(Exception):
    """A script line failed that was not marked `# fails`."""


def play(folder, text):
    for line in script_lines(text):
        m = re.fullmatch(r"sleep\s+(\d+(?:\.\d+)?)", line)
        log(f"$ {line}\n")
        if m:
            time.sleep(float(m.group(1)))
            continue
        st, out, err = sh(["bash", "-c", line], check=False, timeout=600,
                          cwd=folder)
        log(out + err + f"[exit={st}]\n")
        expected = bool(FAILS.search(line))
        if st != 0 and not expected:
            raise ScriptFailed(f"`{line}` failed (exit {st}): {err.strip()}")
        if st == 0 and expected:
            # Not a reason to refuse: the failure may belong to another
            # engine version. The facts show what happened.
            print(f"   note: `{line}` is marked `# fails` but succeeded",
                  flush=True)


# ------------------------------------------------------------ observation


class Ids:
    """Replaces the engine's random ids by tokens named after the object."""

    def __init__(self):
        self.pairs = []

    def add(self, full, token):
        self.pairs.append((full, token))

    def norm(self, value):
        if isinstance(value, str):
            for full, token in self.pairs:
                value = value.replace(full, token)
            for full, token in self.pairs:
                value = value.replace(full[:12], token)
            return value
        if isinstance(value, list):
            return [self.norm(v) for v in value]
        if isinstance(value, dict):
            return {self.norm(k): self.norm(v) for k, v in value.items()}
        return value

    def real(self, text):
        """The inverse for short ids and made-up names: a token back to
        what the engine knows."""
        for full, token in self.pairs:
            text = text.replace(token, full[:12])
        for token, name in RENAMED.items():
            text = text.replace(token, name)
        return text


def inspect_all(kind, ids):
    if not ids:
        return []
    _, out, _ = docker(*kind, "inspect", *ids)
    return json.loads(out)


class ExecRefused(Exception):
    """The engine refused `docker exec` in a running container (one with a
    legacy link to a container that is not running)."""


def exec_batch(container, commands, timeout=60):
    """Runs shell commands in parallel inside a container; returns a list
    of (status, output) in the same order."""
    parts = ["mkdir -p /tmp/o"]
    for i, cmd in enumerate(commands):
        parts.append(f"({cmd} >/tmp/o/{i} 2>&1; echo $? >/tmp/o/{i}.rc) &")
    parts.append("wait")
    for i in range(len(commands)):
        parts.append(f"echo @@@{i} $(cat /tmp/o/{i}.rc); cat /tmp/o/{i}")
    parts.append("rm -rf /tmp/o")
    script = "\n".join(parts)
    st, out, err = docker("exec", container, "sh", "-c", script, check=False,
                          timeout=timeout)
    if st != 0 and "@@@" not in out:
        raise ExecRefused(err.strip())
    results = []
    chunks = re.split(r"^@@@(\d+) (\d+)\n", out, flags=re.M)
    # chunks: [before, i, rc, text, i, rc, text, ...]
    for k in range(1, len(chunks), 3):
        results.append((int(chunks[k + 1]), chunks[k + 2]))
    assert len(results) == len(commands), out
    return results


def parse_nslookup(status, text):
    if "timed out" in text or "no servers could be reached" in text:
        return "no answer"
    if "Network is unreachable" in text:
        return "unreachable"
    m = re.search(r"can't find [^:]*: (\w+)", text)
    if m:
        return {"No": "NODATA"}.get(m.group(1), m.group(1))
    addrs = []
    answer = text.split("Non-authoritative answer:", 1)
    if len(answer) == 2:
        addrs = re.findall(r"^Address:\s*(\d+\.\d+\.\d+\.\d+)\s*$", answer[1],
                           re.M)
    if status == 0 and addrs:
        return sorted(set(addrs), key=ip_key)
    return "unparsed: " + text.strip()


def ip_key(ip):
    return tuple(int(p) for p in ip.split("."))


def scenario_words(folder):
    """Every word of the scenario's files: a container name the script
    gives appears among them."""
    words = set()
    for root, _, files in os.walk(folder):
        for f in files:
            if f != "facts.json":
                with open(os.path.join(root, f)) as fh:
                    words.update(re.findall(r"[A-Za-z0-9_.-]+", fh.read()))
    return words


def rename(old, token, objects):
    """Replaces a made-up container name everywhere the engine reports it."""
    for obj in objects:
        text = json.dumps(obj)
        obj.clear()
        obj.update(json.loads(re.sub(r"(?<![A-Za-z0-9_.-])" + re.escape(old)
                                     + r"(?![A-Za-z0-9_.-])", token, text)))
    RENAMED[token] = old


def observe(text, images):
    facts = {}
    facts["engine"] = docker("version", "-f", "{{.Server.Version}}")[1].strip()
    facts["compose"] = docker("compose", "version", "--short")[1].strip()
    facts["host"] = HOST
    facts["images"] = {}
    for image in images:
        config = json.loads(docker("image", "inspect", image)[1])[0]["Config"]
        facts["images"][image] = {"Entrypoint": config["Entrypoint"],
                                  "Cmd": config["Cmd"]}

    ids = Ids()
    net_ids = docker("network", "ls", "-q", "--no-trunc")[1].split()
    nets = inspect_all(["network"], net_ids)
    ctr_ids = docker("ps", "-aq", "--no-trunc")[1].split()
    ctrs = inspect_all([], ctr_ids)
    # Names the engine made up (`docker run` without --name) become
    # <random:N>, numbered in creation order.
    words = scenario_words(FOLDER)
    made_up = [c for c in sorted(ctrs, key=lambda c: c["Created"])
               if c["Name"].lstrip("/") not in words
               and "com.docker.compose.project" not in (c["Config"]["Labels"] or {})]
    for i, c in enumerate(made_up, 1):
        rename(c["Name"].lstrip("/"), f"<random:{i}>", ctrs + nets)
    for c in ctrs:
        ids.add(c["Id"], "<id:" + c["Name"].lstrip("/") + ">")
    # A container in the namespace of one that was removed keeps that one's
    # id (HostConfig.NetworkMode, and its hostname): it is <id:removed>.
    known = {c["Id"] for c in ctrs}
    for c in ctrs:
        mode = c["HostConfig"]["NetworkMode"]
        if mode.startswith("container:") and mode[len("container:"):] not in known:
            ids.add(mode[len("container:"):], "<id:removed>")
    for n in nets:
        ids.add(n["Id"], "<net:" + n["Name"] + ">")

    facts["networks"] = []
    for n in sorted(nets, key=lambda n: n["Name"]):
        facts["networks"].append({
            "name": n["Name"],
            "driver": n["Driver"],
            "internal": n["Internal"],
            "ipam": n["IPAM"]["Config"] or [],
            "containers": sorted(v["Name"] for v in n["Containers"].values()),
        })

    facts["containers"] = []
    running = []
    for c in sorted(ctrs, key=lambda c: c["Name"]):
        name = c["Name"].lstrip("/")
        state = c["State"]
        fact = {
            "name": name,
            "status": state["Status"],
            "health": (state.get("Health") or {}).get("Status"),
            "exit_code": state["ExitCode"],
            "restart_count": c["RestartCount"],
            "network_mode": ids.norm(c["HostConfig"]["NetworkMode"]),
            "hostname": ids.norm(c["Config"]["Hostname"]),
            "networks": {},
        }
        for net, ep in sorted((c["NetworkSettings"]["Networks"] or {}).items()):
            fact["networks"][net] = {
                "ip": ep["IPAddress"],
                "prefix": ep["IPPrefixLen"],
                "gateway": ep["Gateway"],
                "mac": ep["MacAddress"],
                "aliases": ids.norm(ep["Aliases"]),
                "links": ep["Links"],
            }
        facts["containers"].append(fact)
        if state["Status"] == "running":
            running.append((name, fact))

    # What each running container sees inside.
    def inside(item):
        name, fact = item
        cmds = ["ip -o -4 addr", "ip route", "cat /etc/hosts",
                "cat /etc/resolv.conf"]
        try:
            res = exec_batch(ids.real(name), cmds)
        except ExecRefused as e:
            # Nothing can be asked inside it: the refusal is the fact.
            return {"exec": ids.norm(str(e))}
        interfaces = []
        for line in res[0][1].splitlines():
            m = re.match(r"\d+:\s+(\S+)\s+inet (\S+)", line)
            if m:
                interfaces.append(f"{m.group(1)} {m.group(2)}")
        return {
            "interfaces": ids.norm(interfaces),
            "routes": ids.norm([" ".join(l.split()) for l in
                                res[1][1].splitlines() if l.strip()]),
            "hosts": ids.norm(res[2][1].splitlines()),
            "resolv_conf": res[3][1].splitlines(),
        }

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for (name, fact), seen in zip(running, pool.map(inside, running)):
            fact.update(seen)
    running = [(name, fact) for name, fact in running if "exec" not in fact]

    # Every name worth asking for.
    names = set(header(text, "names"))
    for c in ctrs:
        names.add(c["Name"].lstrip("/"))
        names.add(ids.norm(c["Config"]["Hostname"]))
        svc = (c["Config"]["Labels"] or {}).get("com.docker.compose.service")
        if svc:
            names.add(svc)
        for ep in (c["NetworkSettings"]["Networks"] or {}).values():
            names.update(ids.norm(ep["Aliases"] or []))
            for link in ep["Links"] or []:
                names.add(link.split(":")[-1])
        for link in c["HostConfig"]["Links"] or []:
            names.add(link.rsplit("/", 1)[-1])
    names = sorted(names)

    def ask(item):
        name, _ = item
        cmds = [
            "nslookup -timeout=1 -retry=1 -type=a " + shlex.quote(ids.real(n))
            for n in names
        ]
        return {n: parse_nslookup(st, out)
                for n, (st, out) in zip(names, exec_batch(ids.real(name), cmds))}

    facts["dns"] = {}
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for (name, _), answers in zip(running, pool.map(ask, running)):
            facts["dns"][name] = answers

    # Reachability: every running container to every address of every
    # other container, named target@network so that it does not depend on
    # which address the target got.
    targets = []
    for c in ctrs:
        cname = c["Name"].lstrip("/")
        for net, ep in sorted((c["NetworkSettings"]["Networks"] or {}).items()):
            if ep["IPAddress"]:
                targets.append((f"{cname}@{net}", ep["IPAddress"], cname))

    def pings(item):
        name, _ = item
        mine = [t for t in targets if t[2] != name]
        cmds = [f"ping -c1 -W1 {ip}" for _, ip, _ in mine]
        res = exec_batch(ids.real(name), cmds) if cmds else []
        return {key: st == 0 for (key, _, _), (st, _) in zip(mine, res)}

    facts["ping"] = {}
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for (name, _), result in zip(running, pool.map(pings, running)):
            facts["ping"][name] = result
    return facts


def scenario_folder(name):
    """The folder of a scenario named on the command line: a path (the
    generated ones, `generated/gen-001`, or a run's folder anywhere) or a
    name under tests/oracle."""
    if os.path.isfile(os.path.join(name, "script.sh")):
        return os.path.abspath(name)
    return os.path.join(ORACLE, name)


def all_scenarios():
    """Every scenario folder under tests/oracle, the generated ones too."""
    found = []
    for base in (ORACLE, os.path.join(ORACLE, "generated")):
        if os.path.isdir(base):
            found += sorted(
                os.path.join(base, d) for d in os.listdir(base)
                if os.path.isfile(os.path.join(base, d, "script.sh")))
    return found


def record(folder):
    """Records one scenario; returns False (and writes nothing) when a
    script line failed that was not marked `# fails`."""
    global FOLDER
    name = os.path.basename(folder.rstrip("/"))
    FOLDER = folder
    RENAMED.clear()
    with open(os.path.join(folder, "script.sh")) as f:
        text = f.read()
    print(f"== {name}", flush=True)
    t0 = time.time()
    start_engine()
    t1 = time.time()
    images = images_of(folder, text)
    for image in images:
        docker("tag", IMAGE, image)
    log(f"\n\n######## {name}\n")
    # The script runs in a copy under the state directory: a chroot's
    # engine sees /tmp but not the repository (bind mounts of `$(pwd)`),
    # and the folder's base name stays the compose project name.
    run_dir = os.path.join(STATE, "scenarios", name)
    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.copytree(folder, run_dir,
                    ignore=shutil.ignore_patterns("facts*.json"))
    try:
        play(run_dir, text)
    except ScriptFailed as e:
        print(f"   REFUSED: {e}; no facts written", flush=True)
        return False
    t2 = time.time()
    facts = observe(text, images)
    print(f"   engine {t1 - t0:.1f}s, script {t2 - t1:.1f}s, "
          f"observe {time.time() - t2:.1f}s", flush=True)
    major = re.match(r"\d+(\.\d+)?", facts["engine"]).group(0)
    major = "20.10" if major.startswith("20.10") else major.split(".")[0]
    out = "facts.json" if major == "20.10" else f"facts-{major}.json"
    with open(os.path.join(folder, out), "w") as f:
        json.dump(facts, f, indent=2, sort_keys=False)
        f.write("\n")
    return True


def main():
    global LOG, HOST, CHROOT, DOCKER, SOCK
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chroot", help="record on the engine of this "
                        "Debian chroot (made by engine-chroot.sh setup)")
    parser.add_argument("scenarios", nargs="*")
    args = parser.parse_args()
    if args.chroot:
        CHROOT = os.path.abspath(args.chroot)
        DOCKER = os.path.join(CHROOT, "usr/bin/docker")
        SOCK = os.path.join(CHROOT, "run/docker-oracle.sock")
        ENV["DOCKER_HOST"] = "unix://" + SOCK
    os.makedirs(STATE, exist_ok=True)
    LOG = open(os.path.join(STATE, "transcript.log"), "a")
    # The host as it is before the engine adds its bridges' routes; a
    # chroot's network namespace exists only while its engine runs, and
    # host_facts() leaves out the routes of the engine's bridges.
    stop_engine()
    if CHROOT:
        chroot_engine("start")
    HOST = host_facts()
    folders = ([scenario_folder(n) for n in args.scenarios]
               or all_scenarios())
    refused = []
    try:
        for folder in folders:
            if not record(folder):
                refused.append(os.path.relpath(folder, ORACLE))
    finally:
        stop_engine()
        if not CHROOT:
            unmount_state()
    if refused:
        print("refused (a script line failed): " + " ".join(refused),
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
