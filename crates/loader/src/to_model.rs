//! From what the user typed (typed CLI commands, a normalised compose
//! project) to what the model takes (`ContainerSpec`, `NetworkSpec`,
//! `ProjectSpec`). Docker's client-side rules that decide how flags combine
//! (`--link` on the default bridge vs a user network, `--network-alias` on
//! the first network) live here.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use composenet_model::compose::{
    ComposeNetwork, ComposeVolume, Condition, Dependency, ProjectSpec, ServiceNetwork, ServiceSpec,
};
use composenet_model::{
    Behaviour, ContainerSpec, EndpointSpec, HealthSpec, IpamConfig, MountKind, MountSpec,
    NetworkMode, NetworkSpec, PortBinding, RestartPolicy,
};
use indexmap::IndexMap;

use crate::cli::{self, NetworkConnect, NetworkCreate, RunCommand};
use crate::compose as cm;
use crate::compose::behaviour::{parse_app_setting, AppBehaviour, ConnectFailure, LABEL_PREFIX};

/// The model's behaviour from the loader's `x-composenet` / label form.
pub fn behaviour(app: &AppBehaviour) -> Behaviour {
    Behaviour {
        ready_after: app.ready_after,
        exit_after: app.exit_after,
        exit_code: app.exit_code,
        connects: if app.connects.is_empty() {
            None
        } else {
            Some(app.connects.clone())
        },
        exit_on_connect_failure: app.on_connect_failure == ConnectFailure::Exit,
        retry_interval: app.retry_interval,
        listen: if app.listen.is_empty() {
            None
        } else {
            Some(app.listen.clone())
        },
        writes: app.writes.clone(),
        upstream: app
            .upstream
            .clone()
            .map(|target| composenet_model::container::Upstream {
                target,
                per_request: app.upstream_per_request,
            }),
    }
}

fn restart(policy: Option<cli::RestartPolicy>) -> RestartPolicy {
    match policy {
        None | Some(cli::RestartPolicy::No) => RestartPolicy::No,
        Some(cli::RestartPolicy::Always) => RestartPolicy::Always,
        Some(cli::RestartPolicy::UnlessStopped) => RestartPolicy::UnlessStopped,
        Some(cli::RestartPolicy::OnFailure { max_retries }) => {
            RestartPolicy::OnFailure(max_retries)
        }
    }
}

fn ipv4(ip: &IpAddr) -> Result<Ipv4Addr, String> {
    match ip {
        IpAddr::V4(v4) => Ok(*v4),
        IpAddr::V6(_) => Err(format!("IPv6 address {ip} is not simulated")),
    }
}

/// The daemon's `validateHealthCheck` (`daemon/container.go`), in its order
/// and words: a non-zero duration under `MinimumDuration` (1 ms) is
/// refused when the container is created. Negative values never get here:
/// the client refuses them first.
fn check_health_durations(h: &cli::HealthFlags) -> Result<(), String> {
    let min = Duration::from_millis(1);
    for (value, field) in [
        (h.interval, "Interval"),
        (h.timeout, "Timeout"),
        (h.start_period, "StartPeriod"),
        (h.start_interval, "StartInterval"),
    ] {
        if value.is_some_and(|d| !d.is_zero() && d < min) {
            return Err(format!(
                "Error response from daemon: {field} in Healthcheck cannot be less than 1ms"
            ));
        }
    }
    Ok(())
}

/// `-p` values, expanded to one binding per port of a range.
pub fn port_bindings(raw: &[String]) -> Result<Vec<PortBinding>, String> {
    let mut out = Vec::new();
    for text in raw {
        let spec = cli::parse_publish(text)?;
        // Counted before it is expanded: a range is one word of the script
        // and up to 65 536 objects of the simulation.
        let ports = out.len() + spec.container_ports.count() as usize;
        if ports > composenet_model::MAX_HOST_PORTS {
            return Err(format!(
                "-p {text} would bring the container to {ports} ports; composenet simulates at most {}",
                composenet_model::MAX_HOST_PORTS
            ));
        }
        let host_ip = match spec.host_ip {
            Some(IpAddr::V4(ip)) => Some(ip),
            // An IPv6 host address is kept out of the simulation, which
            // models IPv4 only.
            Some(IpAddr::V6(_)) => continue,
            None => None,
        };
        for i in 0..spec.container_ports.count() {
            let container_port = spec.container_ports.start + i as u16;
            let host_port = spec.host_ports.map(|r| {
                if r.count() == spec.container_ports.count() {
                    r.start + i as u16
                } else {
                    r.start
                }
            });
            out.push(PortBinding {
                host_ip,
                host_port,
                container_port,
                protocol: spec.protocol.as_str().to_string(),
            });
        }
    }
    Ok(out)
}

/// `-v` / `--mount` values. Named volumes are created on first use; a
/// source starting with `/` or `.` (or `$(pwd)` already expanded) is a bind
/// mount.
pub fn mounts(volumes: &[String], mount_flags: &[String]) -> Vec<MountSpec> {
    let mut out = Vec::new();
    for v in volumes {
        let parts: Vec<&str> = v.split(':').collect();
        let (source, target, ro) = match parts.as_slice() {
            [target] => ("", *target, false),
            [source, target] => (*source, *target, false),
            [source, target, opts, ..] => (*source, *target, opts.split(',').any(|o| o == "ro")),
            [] => continue,
        };
        let kind = if source.starts_with('/') || source.starts_with('.') || source.starts_with('~')
        {
            MountKind::Bind
        } else {
            MountKind::Volume
        };
        out.push(MountSpec {
            kind,
            source: source.to_string(),
            target: target.to_string(),
            read_only: ro,
        });
    }
    for m in mount_flags {
        let mut kind = MountKind::Volume;
        let (mut source, mut target, mut ro) = (String::new(), String::new(), false);
        for field in m.split(',') {
            let (k, v) = field.split_once('=').unwrap_or((field, "true"));
            match k {
                "type" => {
                    kind = match v {
                        "bind" => MountKind::Bind,
                        "tmpfs" => MountKind::Tmpfs,
                        _ => MountKind::Volume,
                    }
                }
                "source" | "src" => source = v.to_string(),
                "target" | "destination" | "dst" => target = v.to_string(),
                "readonly" | "ro" => ro = v != "false",
                _ => {}
            }
        }
        out.push(MountSpec {
            kind,
            source,
            target,
            read_only: ro,
        });
    }
    out
}

/// `--label composenet.ready_after=20s` and friends.
fn behaviour_from_labels(labels: &IndexMap<String, String>) -> Result<Behaviour, String> {
    let mut app = AppBehaviour::default();
    for (key, value) in labels {
        if let Some(field) = key.strip_prefix(LABEL_PREFIX) {
            app.apply(parse_app_setting(field, value)?);
        }
    }
    Ok(behaviour(&app))
}

fn split_label(text: &str) -> (String, String) {
    match text.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// `docker run` / `docker create` to a container spec. `env` fills in
/// `-e KEY` without a value, as the docker CLI does from its environment.
pub fn run_to_spec(
    run: &RunCommand,
    env: &IndexMap<String, String>,
) -> Result<ContainerSpec, String> {
    let mut spec = ContainerSpec::new(run.image.clone());
    spec.name = run.name.clone();
    spec.command = run.command.clone();
    spec.entrypoint = run.entrypoint.as_ref().map(|e| vec![e.clone()]);
    spec.hostname = run.hostname.clone();
    spec.domainname = run.domainname.clone();
    for var in &run.env {
        match &var.value {
            Some(v) => {
                spec.env.insert(var.key.clone(), v.clone());
            }
            None => {
                if let Some(v) = env.get(&var.key) {
                    spec.env.insert(var.key.clone(), v.clone());
                }
            }
        }
    }
    for label in &run.labels {
        let (k, v) = split_label(label);
        spec.labels.insert(k, v);
    }
    spec.behaviour = behaviour_from_labels(&spec.labels)?;
    spec.restart = restart(run.restart);
    spec.auto_remove = run.rm;
    spec.open_stdin = run.interactive;
    spec.ports = port_bindings(&run.publish)?;
    spec.publish_all = run.publish_all;
    spec.expose = run.expose.clone();
    spec.mounts = mounts(&run.volumes, &run.mounts);
    spec.extra_hosts = run
        .add_hosts
        .iter()
        .map(|h| (h.host.clone(), h.ip.clone()))
        .collect();
    spec.dns = run.dns.clone();
    spec.working_dir = run.workdir.clone();
    spec.stop_timeout = run
        .stop_timeout
        .map(|s| Duration::from_secs(s.max(0) as u64));
    spec.mac_address = run.mac_address.clone();
    if run.health.any() || run.health.disabled {
        check_health_durations(&run.health)?;
        let mut h = HealthSpec::default();
        if run.health.disabled {
            h.test = vec!["NONE".into()];
        } else if let Some(cmd) = &run.health.cmd {
            h.test = vec!["CMD-SHELL".into(), cmd.clone()];
        }
        if let Some(d) = run.health.interval.filter(|d| !d.is_zero()) {
            h.interval = d;
        }
        if let Some(d) = run.health.timeout.filter(|d| !d.is_zero()) {
            h.timeout = d;
        }
        if let Some(d) = run.health.start_period {
            h.start_period = d;
        }
        if let Some(d) = run.health.start_interval.filter(|d| !d.is_zero()) {
            h.start_interval = d;
        }
        if let Some(r) = run.health.retries.filter(|r| *r > 0) {
            h.retries = r as u32;
        }
        spec.health = Some(h);
    }
    // The first --network decides the mode; --network-alias, --ip and
    // --link apply to the first network (docker/cli's opts.go).
    let first = run.networks.first();
    match first.map(|n| n.name.as_str()) {
        Some("host") => spec.network_mode = NetworkMode::Host,
        Some("none") => spec.network_mode = NetworkMode::None,
        Some(mode) if mode.starts_with("container:") => {
            spec.network_mode = NetworkMode::Container(mode["container:".len()..].to_string());
        }
        _ => {
            let on_default = first.is_none_or(|n| n.name == "bridge" || n.name == "default");
            let links: Vec<(String, String)> = run
                .links
                .iter()
                .map(|l| (l.name.clone(), l.alias.clone()))
                .collect();
            if on_default {
                spec.legacy_links = links.clone();
            }
            for (i, attach) in run.networks.iter().enumerate() {
                let mut ep = EndpointSpec {
                    network: if attach.name == "default" {
                        "bridge".into()
                    } else {
                        attach.name.clone()
                    },
                    aliases: attach.aliases.clone(),
                    ipv4_address: attach
                        .ipv4_address
                        .as_deref()
                        .map(|s| {
                            s.parse::<Ipv4Addr>()
                                .map_err(|_| format!("invalid IPv4 address: {s}"))
                        })
                        .transpose()?,
                    links: Vec::new(),
                    gw_priority: attach.gw_priority.unwrap_or(0),
                    mac_address: attach.mac_address.clone(),
                };
                if i == 0 {
                    ep.aliases.extend(run.network_aliases.iter().cloned());
                    if let Some(ip) = &run.ip {
                        ep.ipv4_address = Some(ipv4(ip)?);
                    }
                    if !on_default {
                        ep.links = links.clone();
                    }
                }
                spec.endpoints.push(ep);
            }
            if run.networks.is_empty() && (!run.network_aliases.is_empty() || run.ip.is_some()) {
                spec.endpoints.push(EndpointSpec {
                    network: "bridge".into(),
                    aliases: run.network_aliases.clone(),
                    ipv4_address: run.ip.as_ref().map(ipv4).transpose()?,
                    ..Default::default()
                });
            }
        }
    }
    Ok(spec)
}

/// `docker network create`.
pub fn network_create_to_spec(nc: &NetworkCreate) -> Result<NetworkSpec, String> {
    let mut spec = NetworkSpec {
        name: nc.name.clone(),
        driver: nc.driver.clone().unwrap_or_else(|| "bridge".into()),
        internal: nc.internal,
        attachable: nc.attachable,
        enable_ipv6: nc.ipv6.unwrap_or(false),
        options: nc.options.clone(),
        ipam_driver: nc.ipam_driver.clone(),
        ..NetworkSpec::default()
    };
    for label in &nc.labels {
        let (k, v) = split_label(label);
        spec.labels.insert(k, v);
    }
    for pool in &nc.ipam {
        if pool.subnet.contains(':') {
            spec.ipv6_subnets.push(pool.subnet.clone());
            continue;
        }
        spec.ipam.push(ipam_entry(
            Some(&pool.subnet),
            pool.ip_range.as_deref(),
            pool.gateway.as_deref(),
            &pool.aux_addresses,
        )?);
    }
    Ok(spec)
}

fn ipam_entry(
    subnet: Option<&str>,
    ip_range: Option<&str>,
    gateway: Option<&str>,
    aux: &IndexMap<String, String>,
) -> Result<IpamConfig, String> {
    let net = |s: &str| {
        s.parse::<ipnet::Ipv4Net>()
            .map(|n| n.trunc())
            .map_err(|_| format!("invalid CIDR address: {s}"))
    };
    let addr = |s: &str| {
        s.parse::<Ipv4Addr>()
            .map_err(|_| format!("invalid address: {s}"))
    };
    Ok(IpamConfig {
        subnet: subnet.map(net).transpose()?,
        ip_range: ip_range.map(net).transpose()?,
        gateway: gateway.map(addr).transpose()?,
        aux_addresses: aux
            .iter()
            .map(|(k, v)| addr(v).map(|a| (k.clone(), a)))
            .collect::<Result<_, _>>()?,
    })
}

/// `docker network connect`.
pub fn connect_to_endpoint(nc: &NetworkConnect) -> Result<EndpointSpec, String> {
    Ok(EndpointSpec {
        network: nc.network.clone(),
        aliases: nc.aliases.clone(),
        ipv4_address: nc.ip.as_ref().map(ipv4).transpose()?,
        links: nc
            .links
            .iter()
            .map(|l| (l.name.clone(), l.alias.clone()))
            .collect(),
        gw_priority: nc.gw_priority.unwrap_or(0),
        mac_address: None,
    })
}

/// A normalised compose project to the model's project.
pub fn project_to_spec(
    project: &cm::Project,
    config_files: &[String],
) -> Result<ProjectSpec, String> {
    let mut spec = ProjectSpec {
        name: project.name.clone(),
        working_dir: project.working_dir.display().to_string(),
        config_files: config_files.to_vec(),
        ..ProjectSpec::default()
    };
    for (key, net) in &project.networks {
        let mut ns = NetworkSpec {
            name: net.name.clone(),
            driver: net.driver.clone().unwrap_or_else(|| "bridge".into()),
            internal: net.internal,
            attachable: net.attachable,
            enable_ipv6: net.enable_ipv6.unwrap_or(false),
            labels: net.labels.clone(),
            options: net.driver_opts.clone(),
            ipam_driver: net.ipam.driver.clone(),
            ..NetworkSpec::default()
        };
        for pool in &net.ipam.config {
            if pool.subnet.as_deref().is_some_and(|s| s.contains(':')) {
                ns.ipv6_subnets.extend(pool.subnet.clone());
                continue;
            }
            ns.ipam.push(ipam_entry(
                pool.subnet.as_deref(),
                pool.ip_range.as_deref(),
                pool.gateway.as_deref(),
                &pool.aux_addresses,
            )?);
        }
        spec.networks.insert(
            key.clone(),
            ComposeNetwork {
                name: net.name.clone(),
                external: net.external,
                spec: ns,
            },
        );
    }
    for (key, vol) in &project.volumes {
        spec.volumes.insert(
            key.clone(),
            ComposeVolume {
                name: vol.name.clone(),
                external: vol.external,
                driver: vol.driver.clone().unwrap_or_else(|| "local".into()),
                labels: vol.labels.clone(),
            },
        );
    }
    for (name, svc) in &project.services {
        spec.services
            .insert(name.clone(), service_to_spec(project, svc)?);
    }
    Ok(spec)
}

fn service_to_spec(project: &cm::Project, svc: &cm::Service) -> Result<ServiceSpec, String> {
    let image = svc
        .image
        .clone()
        .unwrap_or_else(|| format!("{}-{}", project.name, svc.name));
    let mut s = ServiceSpec::new(svc.name.clone(), image);
    s.container_name = svc.container_name.clone();
    s.replicas = svc.replicas;
    s.network_mode = svc.network_mode.clone();
    s.links = svc.links.clone();
    s.external_links = svc.external_links.clone();
    s.profiles = svc.profiles.clone();
    for (dep, d) in &svc.depends_on {
        s.depends_on.insert(
            dep.clone(),
            Dependency {
                condition: match d.condition {
                    cm::Condition::ServiceStarted => Condition::Started,
                    cm::Condition::ServiceHealthy => Condition::Healthy,
                    cm::Condition::ServiceCompletedSuccessfully => Condition::CompletedSuccessfully,
                },
                required: d.required,
                restart: d.restart,
            },
        );
    }
    for (key, sn) in &svc.networks {
        s.networks.insert(
            key.clone(),
            ServiceNetwork {
                aliases: sn.aliases.clone(),
                ipv4_address: sn
                    .ipv4_address
                    .as_deref()
                    .map(|a| {
                        a.parse::<Ipv4Addr>()
                            .map_err(|_| format!("invalid IPv4 address: {a}"))
                    })
                    .transpose()?,
                priority: sn.priority.unwrap_or(0),
                gw_priority: sn.gw_priority.unwrap_or(0),
                mac_address: sn.mac_address.clone(),
            },
        );
    }
    let c = &mut s.container;
    c.command = svc.command.clone().unwrap_or_default();
    c.entrypoint = svc.entrypoint.clone();
    c.hostname = svc.hostname.clone();
    c.domainname = svc.domainname.clone();
    for (k, v) in &svc.environment {
        if let Some(v) = v {
            c.env.insert(k.clone(), v.clone());
        }
    }
    c.labels = svc.labels.clone();
    c.restart = match svc.restart.as_deref() {
        None => RestartPolicy::No,
        Some(text) => RestartPolicy::parse(text)?,
    };
    let mut ports = Vec::new();
    for p in &svc.ports {
        let published = p.published.clone().unwrap_or_default();
        let (start, end) = match published.split_once('-') {
            Some((a, b)) => (a.parse::<u16>().ok(), b.parse::<u16>().ok()),
            None => (published.parse::<u16>().ok(), None),
        };
        let _ = end;
        ports.push(PortBinding {
            host_ip: p.host_ip.as_deref().and_then(|ip| ip.parse().ok()),
            host_port: start,
            container_port: p.target,
            protocol: p.protocol.clone(),
        });
    }
    c.ports = ports;
    c.expose = svc.expose.clone();
    c.health = svc.healthcheck.as_ref().map(|h| {
        let mut hs = HealthSpec {
            test: if h.disable {
                vec!["NONE".into()]
            } else {
                h.test.clone()
            },
            ..HealthSpec::default()
        };
        // Zero durations are Docker's "use the default" (a zero interval
        // would probe without end at one instant).
        if let Some(d) = h.interval.filter(|d| !d.is_zero()) {
            hs.interval = d;
        }
        if let Some(d) = h.timeout.filter(|d| !d.is_zero()) {
            hs.timeout = d;
        }
        if let Some(r) = h.retries {
            hs.retries = r as u32;
        }
        if let Some(d) = h.start_period {
            hs.start_period = d;
        }
        if let Some(d) = h.start_interval.filter(|d| !d.is_zero()) {
            hs.start_interval = d;
        }
        hs
    });
    c.behaviour = svc.x_composenet.as_ref().map(behaviour).unwrap_or_default();
    c.mounts = svc
        .volumes
        .iter()
        .map(|m| {
            let kind = match m.kind {
                cm::MountType::Bind => MountKind::Bind,
                cm::MountType::Tmpfs => MountKind::Tmpfs,
                _ => MountKind::Volume,
            };
            let source = m.source.clone().unwrap_or_default();
            // A named volume's key maps to its engine name
            // (`<project>_<key>` unless `name:` says otherwise).
            let source = match (&kind, project.volumes.get(&source)) {
                (MountKind::Volume, Some(v)) => v.name.clone(),
                _ => source,
            };
            MountSpec {
                kind,
                source,
                target: m.target.clone(),
                read_only: m.read_only,
            }
        })
        .collect();
    c.extra_hosts = svc
        .extra_hosts
        .iter()
        .map(|h| match h.split_once(['=', ':']) {
            Some((host, ip)) => (host.to_string(), ip.to_string()),
            None => (h.clone(), String::new()),
        })
        .collect();
    c.dns = svc.dns.clone();
    c.working_dir = svc.working_dir.clone();
    c.stop_timeout = svc.stop_grace_period;
    c.mac_address = svc.mac_address.clone();
    c.open_stdin = svc.stdin_open || svc.tty;
    Ok(s)
}
