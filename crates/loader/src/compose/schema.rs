//! Stage 6 (each file): the parts of the Compose JSON schema
//! (`compose-spec.json`) that decide whether Compose accepts a file: which
//! keys exist where, and the type of every value the simulator reads.
//! Unknown keys are errors, as they are for `docker compose` ("additional
//! properties 'x' not allowed"); `x-` keys are allowed everywhere the schema
//! allows them. Messages follow Compose's form: `<path> <problem>`, with
//! the path as Compose prints it (`services.web.ports.0`).

use super::ctx::{At, Ctx};
use super::yaml::{same_key, Node, V};

#[derive(Clone, Copy)]
enum T {
    Any,
    Str,
    Num,
    Bool,
    StrOrNull,
    BoolOrStr,
    IntOrStr,
    NumOrStr,
    ListOfStr,
    StrOrList,
    ListOrDict,
    Obj,
    ObjOrNull,
    Arr,
    Enum(&'static [&'static str]),
    F(fn(&mut Ctx, &Node, &At)),
}

fn human(types: &[&str]) -> String {
    let names: Vec<&str> = types
        .iter()
        .map(|t| match *t {
            "object" => "mapping",
            "array" => "list",
            other => other,
        })
        .collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn report(ctx: &mut Ctx, node: &Node, path: &At, problem: &str) {
    let p = path.schema();
    let message = if p.is_empty() {
        format!(" {problem}")
    } else {
        format!("{p} {problem}")
    };
    ctx.error_once(node.pos, &path.dotted(), message);
}

/// Whether the node is one of the JSON types (`integer` is also a
/// `number`).
fn is_type(node: &Node, t: &str) -> bool {
    match (&node.v, t) {
        (V::Null, "null") => true,
        (V::Bool(_), "boolean") => true,
        (V::Int(_), "integer" | "number") => true,
        (V::Float(f), "integer") => f.fract() == 0.0,
        (V::Float(_), "number") => true,
        (V::Str(_), "string") => true,
        (V::Seq(_), "array") => true,
        (V::Map(_), "object") => true,
        _ => false,
    }
}

fn expect(ctx: &mut Ctx, node: &Node, path: &At, types: &[&str]) -> bool {
    if types.iter().any(|t| is_type(node, t)) {
        return true;
    }
    report(ctx, node, path, &format!("must be a {}", human(types)));
    false
}

/// The items of a list, or `None` once it is reported as not being one.
fn expect_list<'a>(ctx: &mut Ctx, node: &'a Node, path: &At) -> Option<&'a [Node]> {
    let items = node.as_seq().map(Vec::as_slice);
    if items.is_none() {
        expect(ctx, node, path, &["array"]);
    }
    items
}

fn list_of_str(ctx: &mut Ctx, node: &Node, path: &At) {
    let Some(items) = expect_list(ctx, node, path) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        expect(ctx, item, &path.idx(i), &["string"]);
    }
    unique(ctx, node, path);
}

fn unique(ctx: &mut Ctx, node: &Node, path: &At) {
    if let Some(items) = node.as_seq() {
        for j in 0..items.len() {
            for i in 0..j {
                if items[i] == items[j] {
                    report(
                        ctx,
                        &items[j],
                        path,
                        &format!("items at {i} and {j} are equal"),
                    );
                    return;
                }
            }
        }
    }
}

fn check(ctx: &mut Ctx, node: &Node, path: &At, t: T) {
    match t {
        T::Any => {}
        T::Str => {
            expect(ctx, node, path, &["string"]);
        }
        T::Num => {
            expect(ctx, node, path, &["number"]);
        }
        T::Bool => {
            expect(ctx, node, path, &["boolean"]);
        }
        T::StrOrNull => {
            expect(ctx, node, path, &["string", "null"]);
        }
        T::BoolOrStr => {
            expect(ctx, node, path, &["boolean", "string"]);
        }
        T::IntOrStr => {
            expect(ctx, node, path, &["integer", "string"]);
        }
        T::NumOrStr => {
            expect(ctx, node, path, &["number", "string"]);
        }
        T::ListOfStr => list_of_str(ctx, node, path),
        T::StrOrList => {
            if !is_type(node, "string") {
                if is_type(node, "array") {
                    list_of_str(ctx, node, path);
                } else {
                    expect(ctx, node, path, &["string", "array"]);
                }
            }
        }
        T::ListOrDict => match &node.v {
            V::Map(m) => {
                for (k, v) in m {
                    expect(
                        ctx,
                        v,
                        &path.key(k),
                        &["string", "number", "boolean", "null"],
                    );
                }
            }
            V::Seq(_) => list_of_str(ctx, node, path),
            _ => {
                expect(ctx, node, path, &["object", "array"]);
            }
        },
        T::Obj => {
            expect(ctx, node, path, &["object"]);
        }
        T::ObjOrNull => {
            expect(ctx, node, path, &["object", "null"]);
        }
        T::Arr => {
            expect(ctx, node, path, &["array"]);
        }
        T::Enum(values) => {
            if expect(ctx, node, path, &["string"]) {
                let s = node.as_str().unwrap_or_default();
                if !values.contains(&s) {
                    let list: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
                    report(
                        ctx,
                        node,
                        path,
                        &format!("value must be one of {}", list.join(", ")),
                    );
                }
            }
        }
        T::F(f) => f(ctx, node, path),
    }
}

/// Checks an object against its known properties. `x_ok`: `^x-` keys are
/// allowed. `required` keys must be present.
fn object(
    ctx: &mut Ctx,
    node: &Node,
    path: &At,
    props: &[(&str, T)],
    x_ok: bool,
    required: &[&str],
) {
    let Some(m) = node.as_map() else {
        expect(ctx, node, path, &["object"]);
        return;
    };
    let mut extra = Vec::new();
    for (k, v) in m {
        if let Some((_, t)) = props.iter().find(|(name, _)| same_key(name, k)) {
            check(ctx, v, &path.key(k), *t);
        } else if !(x_ok && k.starts_with("x-")) {
            extra.push((k.clone(), v.kpos));
        }
    }
    if let Some((_, pos)) = extra.first() {
        let names: Vec<String> = extra.iter().map(|(k, _)| format!("'{k}'")).collect();
        let p = path.schema();
        let noun = "additional properties";
        let message = if p.is_empty() {
            format!(" {noun} {} not allowed", names.join(", "))
        } else {
            format!("{p} {noun} {} not allowed", names.join(", "))
        };
        ctx.error(*pos, &path.key(&extra[0].0).dotted(), message);
        for (k, pos) in &extra {
            if let Some(near) = closest(k, props.iter().map(|(name, _)| *name)) {
                ctx.warn(
                    *pos,
                    &path.key(k).dotted(),
                    format!("did you mean '{near}'?"),
                );
            }
        }
    }
    let missing: Vec<&&str> = required.iter().filter(|r| !m.contains_key(**r)).collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|k| format!("'{k}'")).collect();
        let word = if missing.len() == 1 {
            "property"
        } else {
            "properties"
        };
        report(
            ctx,
            node,
            path,
            &format!("missing {word} {}", names.join(", ")),
        );
    }
}

/// The known name nearest to a misspelt one (at most two edits away).
fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let distance = |a: &str, b: &str| -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for j in 0..b.len() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != b[j]))
                    .min(row[j] + 1)
                    .min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    known
        .map(|k| (distance(word, k), k))
        .filter(|(d, _)| *d <= 2 && *d < word.len())
        .min()
        .map(|(_, k)| k)
}

/// Every value must match `t`; keys must match `^[a-zA-Z0-9._-]+$` when
/// `named` (services, volumes, ...).
fn named_map(ctx: &mut Ctx, node: &Node, path: &At, t: T, closed: bool) {
    let Some(m) = node.as_map() else {
        expect(ctx, node, path, &["object"]);
        return;
    };
    let mut bad = Vec::new();
    for (k, v) in m {
        let ok = !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-');
        if ok {
            check(ctx, v, &path.key(k), t);
        } else if closed {
            bad.push((k.clone(), v.kpos));
        }
    }
    if let Some((k, pos)) = bad.first() {
        let names: Vec<String> = bad.iter().map(|(k, _)| format!("'{k}'")).collect();
        ctx.error(
            *pos,
            &path.key(k).dotted(),
            format!(
                "{} additional properties {} not allowed",
                path.schema(),
                names.join(", ")
            ),
        );
    }
}

/// The whole model of one file.
pub(crate) fn validate(ctx: &mut Ctx, root: &Node) {
    let path = At::root();
    object(
        ctx,
        root,
        &path,
        &[
            ("version", T::Str),
            ("name", T::Str),
            ("include", T::F(include)),
            (
                "services",
                T::F(|c, n, p| named_map(c, n, p, T::F(service), true)),
            ),
            ("models", T::Obj),
            (
                "networks",
                T::F(|c, n, p| named_map(c, n, p, T::F(network), false)),
            ),
            (
                "volumes",
                T::F(|c, n, p| named_map(c, n, p, T::F(volume), true)),
            ),
            (
                "secrets",
                T::F(|c, n, p| named_map(c, n, p, T::F(secret), true)),
            ),
            (
                "configs",
                T::F(|c, n, p| named_map(c, n, p, T::F(config), true)),
            ),
        ],
        true,
        &[],
    );
}

fn include(ctx: &mut Ctx, node: &Node, path: &At) {
    let Some(items) = expect_list(ctx, node, path) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let p = path.idx(i);
        if !is_type(item, "string") {
            object(
                ctx,
                item,
                &p,
                &[
                    ("path", T::StrOrList),
                    ("env_file", T::StrOrList),
                    ("project_directory", T::Str),
                ],
                false,
                &[],
            );
        }
    }
}

const SERVICE: &[(&str, T)] = &[
    ("develop", T::ObjOrNull),
    ("deploy", T::F(deploy)),
    ("annotations", T::ListOrDict),
    ("attach", T::BoolOrStr),
    ("build", T::F(build)),
    ("blkio_config", T::Obj),
    ("cap_add", T::ListOfStr),
    ("cap_drop", T::ListOfStr),
    ("cgroup", T::Enum(&["host", "private"])),
    ("cgroup_parent", T::Str),
    ("command", T::F(command)),
    ("configs", T::F(config_or_secret)),
    ("container_name", T::F(container_name)),
    ("cpu_count", T::IntOrStr),
    ("cpu_percent", T::IntOrStr),
    ("cpu_shares", T::NumOrStr),
    ("cpu_quota", T::NumOrStr),
    ("cpu_period", T::NumOrStr),
    ("cpu_rt_period", T::NumOrStr),
    ("cpu_rt_runtime", T::NumOrStr),
    ("cpus", T::NumOrStr),
    ("cpuset", T::Str),
    ("credential_spec", T::Obj),
    ("depends_on", T::F(depends_on)),
    ("device_cgroup_rules", T::ListOfStr),
    ("devices", T::Arr),
    ("dns", T::StrOrList),
    ("dns_opt", T::ListOfStr),
    ("dns_search", T::StrOrList),
    ("domainname", T::Str),
    ("entrypoint", T::F(command)),
    ("env_file", T::F(env_file)),
    ("label_file", T::StrOrList),
    ("environment", T::ListOrDict),
    ("expose", T::F(expose)),
    ("extends", T::F(extends)),
    ("provider", T::Obj),
    ("external_links", T::ListOfStr),
    ("extra_hosts", T::F(extra_hosts)),
    ("gpus", T::Any),
    ("group_add", T::Arr),
    ("healthcheck", T::F(healthcheck)),
    ("hostname", T::Str),
    ("image", T::Str),
    ("init", T::BoolOrStr),
    ("ipc", T::Str),
    ("isolation", T::Str),
    ("labels", T::ListOrDict),
    ("links", T::ListOfStr),
    ("logging", T::Obj),
    ("mac_address", T::Str),
    ("mem_limit", T::NumOrStr),
    ("mem_reservation", T::IntOrStr),
    ("mem_swappiness", T::IntOrStr),
    ("memswap_limit", T::NumOrStr),
    ("network_mode", T::Str),
    ("models", T::Any),
    ("networks", T::F(service_networks)),
    ("oom_kill_disable", T::BoolOrStr),
    ("oom_score_adj", T::IntOrStr),
    ("pid", T::StrOrNull),
    ("pids_limit", T::NumOrStr),
    ("platform", T::Str),
    ("ports", T::F(ports)),
    ("post_start", T::Arr),
    ("pre_stop", T::Arr),
    ("privileged", T::BoolOrStr),
    ("profiles", T::ListOfStr),
    ("pull_policy", T::Str),
    ("pull_refresh_after", T::Str),
    ("read_only", T::BoolOrStr),
    ("restart", T::Str),
    ("runtime", T::Str),
    ("scale", T::IntOrStr),
    ("security_opt", T::ListOfStr),
    ("shm_size", T::NumOrStr),
    ("secrets", T::F(config_or_secret)),
    ("sysctls", T::ListOrDict),
    ("stdin_open", T::BoolOrStr),
    ("stop_grace_period", T::Str),
    ("stop_signal", T::Str),
    ("storage_opt", T::Obj),
    ("tmpfs", T::StrOrList),
    ("tty", T::BoolOrStr),
    ("ulimits", T::Obj),
    ("use_api_socket", T::Bool),
    ("user", T::Str),
    ("uts", T::Str),
    ("userns_mode", T::Str),
    ("volumes", T::F(service_volumes)),
    ("volumes_from", T::ListOfStr),
    ("working_dir", T::Str),
];

fn service(ctx: &mut Ctx, node: &Node, path: &At) {
    object(ctx, node, path, SERVICE, true, &[]);
}

fn deploy(ctx: &mut Ctx, node: &Node, path: &At) {
    if node.is_null() {
        return;
    }
    object(
        ctx,
        node,
        path,
        &[
            ("mode", T::Str),
            ("endpoint_mode", T::Str),
            ("replicas", T::IntOrStr),
            ("labels", T::ListOrDict),
            ("rollback_config", T::Obj),
            ("update_config", T::Obj),
            ("resources", T::Obj),
            ("restart_policy", T::Obj),
            ("placement", T::Obj),
        ],
        true,
        &[],
    );
}

fn build(ctx: &mut Ctx, node: &Node, path: &At) {
    if is_type(node, "string") {
        return;
    }
    object(
        ctx,
        node,
        path,
        &[
            ("context", T::Str),
            ("dockerfile", T::Str),
            ("dockerfile_inline", T::Str),
            ("entitlements", T::Arr),
            ("args", T::ListOrDict),
            ("ssh", T::ListOrDict),
            ("labels", T::ListOrDict),
            ("cache_from", T::Arr),
            ("cache_to", T::Arr),
            ("no_cache", T::BoolOrStr),
            ("additional_contexts", T::ListOrDict),
            ("network", T::Str),
            ("provenance", T::Any),
            ("sbom", T::Any),
            ("pull", T::BoolOrStr),
            ("target", T::Str),
            ("shm_size", T::IntOrStr),
            ("extra_hosts", T::F(extra_hosts)),
            ("isolation", T::Str),
            ("privileged", T::BoolOrStr),
            ("secrets", T::F(config_or_secret)),
            ("tags", T::Arr),
            ("ulimits", T::Obj),
            ("platforms", T::Arr),
        ],
        true,
        &[],
    );
}

fn command(ctx: &mut Ctx, node: &Node, path: &At) {
    match &node.v {
        V::Null | V::Str(_) => {}
        V::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                expect(ctx, item, &path.idx(i), &["string"]);
            }
        }
        _ => {
            expect(ctx, node, path, &["null", "string", "array"]);
        }
    }
}

fn config_or_secret(ctx: &mut Ctx, node: &Node, path: &At) {
    let Some(items) = expect_list(ctx, node, path) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if !is_type(item, "string") {
            object(
                ctx,
                item,
                &path.idx(i),
                &[
                    ("source", T::Str),
                    ("target", T::Str),
                    ("uid", T::Str),
                    ("gid", T::Str),
                    ("mode", T::NumOrStr),
                ],
                true,
                &[],
            );
        }
    }
}

fn container_name(ctx: &mut Ctx, node: &Node, path: &At) {
    if !expect(ctx, node, path, &["string"]) {
        return;
    }
    // The schema's pattern is not anchored: two consecutive allowed
    // characters anywhere are enough.
    let s = node.as_str().unwrap_or_default();
    let chars: Vec<char> = s.chars().collect();
    let ok = chars.windows(2).any(|w| {
        w[0].is_ascii_alphanumeric()
            && (w[1].is_ascii_alphanumeric() || matches!(w[1], '_' | '.' | '-'))
    });
    if !ok {
        report(
            ctx,
            node,
            path,
            &format!("'{s}' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'"),
        );
    }
}

fn depends_on(ctx: &mut Ctx, node: &Node, path: &At) {
    match &node.v {
        V::Seq(_) => list_of_str(ctx, node, path),
        V::Map(_) => named_map(
            ctx,
            node,
            path,
            T::F(|c, n, p| {
                object(
                    c,
                    n,
                    p,
                    &[
                        ("restart", T::BoolOrStr),
                        ("required", T::Bool),
                        (
                            "condition",
                            T::Enum(&[
                                "service_started",
                                "service_healthy",
                                "service_completed_successfully",
                            ]),
                        ),
                    ],
                    true,
                    &["condition"],
                )
            }),
            true,
        ),
        _ => {
            expect(ctx, node, path, &["array", "object"]);
        }
    }
}

fn env_file(ctx: &mut Ctx, node: &Node, path: &At) {
    match &node.v {
        V::Str(_) => {}
        V::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                if !is_type(item, "string") {
                    object(
                        ctx,
                        item,
                        &path.idx(i),
                        &[
                            ("path", T::Str),
                            ("format", T::Str),
                            ("required", T::BoolOrStr),
                        ],
                        false,
                        &["path"],
                    );
                }
            }
        }
        _ => {
            expect(ctx, node, path, &["string", "array"]);
        }
    }
}

fn expose(ctx: &mut Ctx, node: &Node, path: &At) {
    let Some(items) = expect_list(ctx, node, path) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        expect(ctx, item, &path.idx(i), &["string", "number"]);
    }
    unique(ctx, node, path);
}

fn extends(ctx: &mut Ctx, node: &Node, path: &At) {
    if is_type(node, "string") {
        return;
    }
    object(
        ctx,
        node,
        path,
        &[("service", T::Str), ("file", T::Str)],
        false,
        &["service"],
    );
}

fn extra_hosts(ctx: &mut Ctx, node: &Node, path: &At) {
    match &node.v {
        V::Map(m) => {
            for (k, v) in m {
                if !is_type(v, "string") {
                    if let Some(items) = v.as_seq() {
                        for (i, item) in items.iter().enumerate() {
                            expect(ctx, item, &path.key(k).idx(i), &["string"]);
                        }
                    } else {
                        expect(ctx, v, &path.key(k), &["string", "array"]);
                    }
                }
            }
        }
        V::Seq(_) => list_of_str(ctx, node, path),
        _ => {
            expect(ctx, node, path, &["object", "array"]);
        }
    }
}

fn healthcheck(ctx: &mut Ctx, node: &Node, path: &At) {
    object(
        ctx,
        node,
        path,
        &[
            ("disable", T::BoolOrStr),
            ("interval", T::Str),
            ("retries", T::NumOrStr),
            ("test", T::StrOrList),
            ("timeout", T::Str),
            ("start_period", T::Str),
            ("start_interval", T::Str),
        ],
        true,
        &[],
    );
}

fn service_networks(ctx: &mut Ctx, node: &Node, path: &At) {
    match &node.v {
        V::Seq(_) => list_of_str(ctx, node, path),
        V::Map(_) => named_map(
            ctx,
            node,
            path,
            T::F(|c, n, p| {
                if n.is_null() {
                    return;
                }
                object(
                    c,
                    n,
                    p,
                    &[
                        ("aliases", T::ListOfStr),
                        ("interface_name", T::Str),
                        ("ipv4_address", T::Str),
                        ("ipv6_address", T::Str),
                        ("link_local_ips", T::ListOfStr),
                        ("mac_address", T::Str),
                        ("driver_opts", T::Obj),
                        ("priority", T::Num),
                        ("gw_priority", T::Num),
                    ],
                    true,
                    &[],
                )
            }),
            true,
        ),
        _ => {
            expect(ctx, node, path, &["array", "object"]);
        }
    }
}

fn ports(ctx: &mut Ctx, node: &Node, path: &At) {
    let Some(items) = expect_list(ctx, node, path) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let p = path.idx(i);
        match &item.v {
            V::Int(_) | V::Float(_) | V::Str(_) => {}
            V::Map(_) => object(
                ctx,
                item,
                &p,
                &[
                    ("name", T::Str),
                    ("mode", T::Str),
                    ("host_ip", T::Str),
                    ("target", T::IntOrStr),
                    ("published", T::IntOrStr),
                    ("protocol", T::Str),
                    ("app_protocol", T::Str),
                ],
                true,
                &[],
            ),
            _ => {
                expect(ctx, item, &p, &["number", "string", "object"]);
            }
        }
    }
}

fn service_volumes(ctx: &mut Ctx, node: &Node, path: &At) {
    let Some(items) = expect_list(ctx, node, path) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if is_type(item, "string") {
            continue;
        }
        object(
            ctx,
            item,
            &path.idx(i),
            &[
                (
                    "type",
                    T::Enum(&["bind", "volume", "tmpfs", "cluster", "npipe", "image"]),
                ),
                ("source", T::Str),
                ("target", T::Str),
                ("read_only", T::BoolOrStr),
                ("consistency", T::Str),
                ("bind", T::Obj),
                ("volume", T::Obj),
                ("tmpfs", T::Obj),
                ("image", T::Obj),
            ],
            true,
            &["type"],
        );
    }
}

fn external(ctx: &mut Ctx, node: &Node, path: &At) {
    if is_type(node, "object") {
        object(ctx, node, path, &[("name", T::Str)], true, &[]);
    } else {
        expect(ctx, node, path, &["boolean", "string", "object"]);
    }
}

fn network(ctx: &mut Ctx, node: &Node, path: &At) {
    if node.is_null() {
        return;
    }
    object(
        ctx,
        node,
        path,
        &[
            ("name", T::Str),
            ("driver", T::Str),
            ("driver_opts", T::Obj),
            ("ipam", T::F(ipam)),
            ("external", T::F(external)),
            ("internal", T::BoolOrStr),
            ("enable_ipv4", T::BoolOrStr),
            ("enable_ipv6", T::BoolOrStr),
            ("attachable", T::BoolOrStr),
            ("labels", T::ListOrDict),
        ],
        true,
        &[],
    );
}

fn ipam(ctx: &mut Ctx, node: &Node, path: &At) {
    object(
        ctx,
        node,
        path,
        &[
            ("driver", T::Str),
            (
                "config",
                T::F(|c, n, p| {
                    let Some(items) = expect_list(c, n, p) else {
                        return;
                    };
                    for (i, item) in items.iter().enumerate() {
                        object(
                            c,
                            item,
                            &p.idx(i),
                            &[
                                ("subnet", T::Str),
                                ("ip_range", T::Str),
                                ("gateway", T::Str),
                                ("aux_addresses", T::Obj),
                            ],
                            true,
                            &[],
                        );
                    }
                }),
            ),
            ("options", T::Obj),
        ],
        true,
        &[],
    );
}

fn volume(ctx: &mut Ctx, node: &Node, path: &At) {
    if node.is_null() {
        return;
    }
    object(
        ctx,
        node,
        path,
        &[
            ("name", T::Str),
            ("driver", T::Str),
            ("driver_opts", T::Obj),
            ("external", T::F(external)),
            ("labels", T::ListOrDict),
        ],
        true,
        &[],
    );
}

fn secret(ctx: &mut Ctx, node: &Node, path: &At) {
    object(
        ctx,
        node,
        path,
        &[
            ("name", T::Str),
            ("environment", T::Str),
            ("file", T::Str),
            ("external", T::Any),
            ("labels", T::ListOrDict),
            ("driver", T::Str),
            ("driver_opts", T::Obj),
            ("template_driver", T::Str),
        ],
        true,
        &[],
    );
}

fn config(ctx: &mut Ctx, node: &Node, path: &At) {
    object(
        ctx,
        node,
        path,
        &[
            ("name", T::Str),
            ("content", T::Str),
            ("environment", T::Str),
            ("file", T::Str),
            ("external", T::Any),
            ("labels", T::ListOrDict),
            ("template_driver", T::Str),
        ],
        true,
        &[],
    );
}
