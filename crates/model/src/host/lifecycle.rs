//! A container's life: create, start (ports, networks, timers), the
//! process ending, stop, kill, restart, remove and rename.

use super::*;

/// Why published ports are not bound ([`Host::ports_ignored`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PortsIgnored {
    /// `network_mode: host`: the app's ports are the host's already.
    HostMode,
    /// `network_mode: none`.
    NoneMode,
    /// `network_mode: container:X` / `service:X`: the namespace is X's.
    SharedNamespace,
    /// Every network the container is on is internal.
    InternalOnly,
}

impl Host {
    /// `docker create`: checks the request, resolves networks, creates named
    /// volumes on first use. Nothing is addressed until the container starts.
    pub fn create(&mut self, mut spec: ContainerSpec) -> Result<ContainerId, ContainerError> {
        if let Some(name) = &spec.name {
            if !valid_container_name(name) {
                return Err(ContainerError::InvalidName(name.clone()));
            }
            if let Some(other) = self.index.named(name) {
                return Err(ContainerError::NameInUse {
                    name: name.clone(),
                    id: self.containers[&other].docker_id.clone(),
                });
            }
        }
        if !matches!(spec.network_mode, NetworkMode::Default) && !spec.endpoints.is_empty() {
            // `--network host --network foo` is refused by Docker.
            return Err(ContainerError::Conflicting(
                "cannot attach both user-defined and non-user-defined network-modes".into(),
            ));
        }
        if let NetworkMode::Container(target) = &spec.network_mode {
            let Some(owner) = self.find_container(target) else {
                return Err(ContainerError::NoSuchContainer(target.clone()));
            };
            if spec.hostname.is_some() {
                return Err(ContainerError::Conflicting(
                    "hostname and the network mode".into(),
                ));
            }
            // Docker resolves the name once and keeps the full id
            // (`container:<id>` in HostConfig.NetworkMode), so renaming the
            // owner later changes nothing for the containers that share its
            // namespace.
            spec.network_mode = NetworkMode::Container(self.containers[&owner].docker_id.clone());
        }
        let mut attachments = IndexMap::new();
        if matches!(spec.network_mode, NetworkMode::Default) {
            // No network asked for means the default bridge; the spec keeps
            // no endpoint, so inspect can report the mode the client sent
            // (`default`, seen on 20.10.24).
            let default_bridge = [crate::container::EndpointSpec {
                network: "bridge".into(),
                ..Default::default()
            }];
            let endpoints = if spec.endpoints.is_empty() {
                &default_bridge[..]
            } else {
                &spec.endpoints[..]
            };
            for ep in endpoints {
                // An unknown network does not stop the container from being
                // created: it is configured for the name, like one whose
                // network was removed, and its start fails (`docker run
                // --network nosuch` leaves a `created` container behind;
                // seen on 20.10.24).
                let Some(net_id) = self.find_network(&ep.network) else {
                    let missing = NetworkId(self.fresh_id());
                    attachments.insert(
                        missing,
                        Attachment {
                            network: missing,
                            network_name: ep.network.clone(),
                            aliases: ep.aliases.clone(),
                            aliases_listed: !ep.aliases.is_empty(),
                            connected: false,
                            ipv4_address: ep.ipv4_address,
                            links: ep.links.clone(),
                            gw_priority: ep.gw_priority,
                            last_ip: None,
                            endpoint: None,
                            failed_settings: None,
                        },
                    );
                    continue;
                };
                self.check_endpoint_request(net_id, ep)?;
                attachments.insert(
                    net_id,
                    Attachment {
                        network: net_id,
                        network_name: self.networks[&net_id].name.clone(),
                        aliases: ep.aliases.clone(),
                        aliases_listed: !ep.aliases.is_empty(),
                        connected: false,
                        ipv4_address: ep.ipv4_address,
                        links: ep.links.clone(),
                        gw_priority: ep.gw_priority,
                        last_ip: None,
                        endpoint: None,
                        failed_settings: None,
                    },
                );
            }
        }
        for (target, _) in &spec.legacy_links {
            if self.find_container(target).is_none() {
                return Err(ContainerError::LinkTargetMissing(target.clone()));
            }
        }
        // The image's ENTRYPOINT and CMD fill in what the run did not give.
        let image = match self.config.image(&spec.image) {
            Some(local) => Some((local.entrypoint.clone(), local.cmd.clone())),
            None => crate::images::defaults(&spec.image),
        };
        if let Some((entrypoint, cmd)) = image {
            if spec.entrypoint.is_none() && !entrypoint.is_empty() {
                spec.entrypoint = Some(entrypoint);
            }
            if spec.command.is_empty() {
                spec.command = cmd;
            }
        }
        let number = self.fresh_id();
        let docker_id = self.rng.hex(64);
        let name = match &spec.name {
            Some(name) => name.clone(),
            None => names::random_name(&mut self.rng),
        };
        // A host-network container shares the machine's hostname (seen on
        // 20.10.24); any other takes its short id unless given one. A
        // container sharing another's namespace takes that one's hostname
        // when it starts (see `start`), and has its own id until then.
        let hostname = match (&spec.hostname, &spec.network_mode) {
            (Some(h), _) => h.clone(),
            (None, NetworkMode::Host) => self.config.hostname.clone(),
            (None, _) => docker_id[..12].to_string(),
        };
        for mount in &spec.mounts {
            if mount.kind == MountKind::Volume && self.find_volume(&mount.source).is_none() {
                self.volume_create(&mount.source, "local", IndexMap::new());
            }
        }
        let id = ContainerId(number);
        self.containers.insert(
            id,
            Container {
                id,
                docker_id,
                name: name.clone(),
                hostname,
                status: Status::Created,
                exit_code: 0,
                health: None,
                failing_streak: 0,
                created: self.now,
                started_at: None,
                finished_at: None,
                restart_count: 0,
                manually_stopped: false,
                attachments,
                next_ifname: 0,
                generation: 0,
                logs: Vec::new(),
                data: None,
                ready_at: None,
                bound_ports: Vec::new(),
                restart_delay: Duration::ZERO,
                connected: Vec::new(),
                upstream_ip: None,
                retry_last: String::new(),
                retry_same: 0,
                hosts_lines: Vec::new(),
                netns_generation: 0,
                resolv_embedded: false,
                failed_start: false,
                anonymous: spec.name.is_none() && !self.engine.made_up_names_resolve(),
                spec: spec.clone(),
            },
        );
        self.index.created(&self.containers[&id]);
        let network_mode_name = crate::snapshot::network_mode_name(self, id);
        let netns_of = match &spec.network_mode {
            NetworkMode::Container(target) => self.find_container(target),
            _ => None,
        };
        let c = &self.containers[&id];
        let (docker_id, hostname) = (c.docker_id.clone(), c.hostname.clone());
        self.emit(EventKind::ContainerCreated {
            container: id,
            docker_id,
            name,
            image: spec.image.clone(),
            network_mode: spec.network_mode.clone(),
            network_mode_name,
            netns_of,
            project: spec.labels.get(crate::compose::labels::PROJECT).cloned(),
            service: spec.labels.get(crate::compose::labels::SERVICE).cloned(),
            hostname,
        });
        Ok(id)
    }

    /// Why `docker exec` in a running container is refused, if it is: the
    /// engine gives every exec the environment of the container's legacy
    /// links and builds it only while each link target runs (moby's
    /// `setupLinkedContainers`), so a container linked to one that was
    /// stopped runs on but takes no exec (seen on 20.10, 26 and 28).
    pub fn exec_refused(&self, id: ContainerId) -> Option<ContainerError> {
        let c = &self.containers[&id];
        c.spec.legacy_links.iter().find_map(|(target, alias)| {
            let tid = self.find_container(target)?;
            (!self.containers[&tid].is_running()).then(|| ContainerError::LinkNotRunning {
                target: self.containers[&tid].name.clone(),
                name: c.name.clone(),
                alias: alias.clone(),
            })
        })
    }

    /// `docker start`. Starting a running container is not an error.
    pub fn start(&mut self, key: &str) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        self.start_id(id)?;
        Ok(id)
    }

    pub fn start_id(&mut self, id: ContainerId) -> Result<(), ContainerError> {
        let result = self.try_start(id);
        self.containers[&id].failed_start = result.is_err();
        result
    }

    fn try_start(&mut self, id: ContainerId) -> Result<(), ContainerError> {
        let c = &self.containers[&id];
        if c.is_running() {
            return Ok(());
        }
        // A network removed while the container was stopped (Docker allows
        // that) makes its start fail, naming the network.
        if let Some(gone) = c
            .attachments
            .values()
            .find(|a| !self.networks.contains_key(&a.network))
        {
            return Err(ContainerError::NetworkNotFound(gone.network_name.clone()));
        }
        let mut adopted_hostname = None;
        let mut joined_generation = 0;
        let mut joined = None;
        if let NetworkMode::Container(target) = &c.spec.network_mode {
            let owner = self
                .find_container(target)
                .ok_or_else(|| ContainerError::NoSuchContainer(target.clone()))?;
            joined = Some(owner);
            if !self.containers[&owner].is_running() {
                return Err(ContainerError::JoinNotRunning(
                    self.containers[&owner].docker_id.clone(),
                ));
            }
            // The start copies the owner's hostname (seen on 20.10.24:
            // `--network container:main` reports main's), so a created
            // container that never started keeps its own short id (seen on
            // 20.10.24, 26.1.5 and 28.5.2).
            if c.spec.hostname.is_none() {
                adopted_hostname = Some(self.containers[&owner].hostname.clone());
            }
            joined_generation = self.containers[&owner].generation;
        }
        for (target, alias) in c.spec.legacy_links.clone() {
            let tid = self
                .find_container(&target)
                .ok_or_else(|| ContainerError::LinkTargetMissing(target.clone()))?;
            if !self.containers[&tid].is_running() {
                return Err(ContainerError::LinkNotRunning {
                    target: self.containers[&tid].name.clone(),
                    name: self.containers[&id].name.clone(),
                    alias,
                });
            }
        }
        let bindings = self.plan_ports(id)?;
        // A container in another's namespace gets its /etc/resolv.conf as
        // it starts, from that container, and keeps it when the other is
        // removed (seen on 20.10.24, 26.1.5 and 28.5.2: still 127.0.0.11).
        // The namespace joined is the target's as it runs now: this start
        // has not yet recorded which of the target's starts it joins, so
        // `netns_owner(id)` would not follow the target yet.
        let joined_embedded = joined.is_some_and(|target| {
            let owner = self.netns_owner(target);
            crate::dns::uses_embedded_dns(self, owner) || self.containers[&owner].resolv_embedded
        });
        let c = &mut self.containers[&id];
        if let Some(hostname) = adopted_hostname {
            c.hostname = hostname;
        }
        c.netns_generation = joined_generation;
        c.generation += 1;
        c.next_ifname = 0;
        c.hosts_lines.clear();
        c.resolv_embedded = joined_embedded;
        c.manually_stopped = false;
        let mut order: Vec<NetworkId> = c.attachments.keys().copied().collect();
        if self.engine.sorts_endpoints() {
            let networks = &self.networks;
            crate::order::sort_by(&mut order, |a, b| {
                let (na, nb) = (&networks[a], &networks[b]);
                (na.internal, &na.name).cmp(&(nb.internal, &nb.name))
            });
            let c = &mut self.containers[&id];
            let mut sorted = IndexMap::new();
            for net in &order {
                let (k, v) = c.attachments.shift_remove_entry(net).expect("same keys");
                sorted.insert(k, v);
            }
            c.attachments = sorted;
        }
        for net in order {
            if let Err(e) = self.join(id, net) {
                self.release_all(id);
                return Err(e.into());
            }
        }
        for att in self.containers[&id].attachments.values_mut() {
            att.failed_settings = None;
        }
        // Legacy links from the default bridge are made when the sandbox
        // is built, after the endpoints: a target that is not on the
        // default bridge fails the start then, and the endpoint's address
        // stays in the settings (seen on 20.10.24).
        let on_bridge = |h: &Self, c: ContainerId| {
            h.containers[&c]
                .attachments
                .keys()
                .any(|n| h.networks.get(n).is_some_and(|n| n.is_default_bridge()))
        };
        if on_bridge(self, id) {
            for (target, _) in self.containers[&id].spec.legacy_links.clone() {
                let tid = self.find_container(&target).expect("checked above");
                if !on_bridge(self, tid) {
                    let keeps = self.engine.failed_start_keeps_settings();
                    for att in self.containers[&id].attachments.values_mut() {
                        att.failed_settings = att
                            .endpoint
                            .as_ref()
                            .filter(|_| keeps)
                            .and_then(|e| Some((e.ip?, e.prefix_len, e.mac.clone())));
                    }
                    self.release_all(id);
                    return Err(ContainerError::LinkNotOnDefaultBridge(
                        self.containers[&tid].name.clone(),
                    ));
                }
            }
        }
        if let Some(reason) = self.discards_ports(id) {
            let c = &self.containers[&id];
            let ports = c.spec.ports.iter().map(|b| b.to_string()).collect();
            self.emit(EventKind::PortsDiscarded {
                container: id,
                name: c.name.clone(),
                ports,
                reason,
            });
        }
        for (ip, port, cport, proto) in bindings {
            self.bind_port(ip, port, &proto, id);
            let name = self.containers[&id].name.clone();
            self.containers[&id]
                .bound_ports
                .push((ip, port, cport, proto.clone()));
            self.emit(EventKind::PortPublished {
                container: id,
                name,
                host_ip: ip,
                host_port: port,
                container_port: cport,
                protocol: proto,
            });
        }
        let now = self.now;
        let c = &mut self.containers[&id];
        c.status = Status::Running;
        c.started_at = Some(now);
        c.finished_at = None;
        c.exit_code = 0;
        c.connected.clear();
        c.retry_last.clear();
        c.retry_same = 0;
        let ready_after = c.spec.behaviour.ready_after.unwrap_or(Duration::ZERO);
        c.ready_at = Some(now + ready_after);
        let generation = c.generation;
        let plan = process::plan(&c.spec);
        let health = c
            .spec
            .health
            .clone()
            .filter(|h| !process::health_disabled(h));
        c.health = health.as_ref().map(|_| HealthStatus::Starting);
        c.failing_streak = 0;
        let name = c.name.clone();
        let health_now = c.health;
        let has_connects = !self.connect_targets(id).is_empty();
        self.emit(EventKind::ContainerStarted {
            container: id,
            name,
            health: health_now,
        });
        self.program_started(id, ready_after == Duration::ZERO);
        if !self.resolve_upstream(id) {
            return Ok(());
        }
        if let Some((after, code)) = plan.exits {
            self.schedule(
                now + after,
                Timer::Exit {
                    id,
                    generation,
                    code,
                },
            );
        }
        // Only an app declared to take a while to initialise says when it
        // is ready; others are ready at once and say nothing.
        if ready_after > Duration::ZERO {
            self.schedule(now + ready_after, Timer::Ready { id, generation });
        }
        if let Some(h) = health {
            let first = self.probe_delay(&h, now, now);
            self.schedule(now + first, Timer::Probe { id, generation });
        }
        if has_connects {
            self.schedule(now + FIRST_CONNECT_DELAY, Timer::Connect { id, generation });
        }
        Ok(())
    }

    /// The time until the next health probe: `start_interval` inside the
    /// start period on engines that have it (25+), `interval` otherwise.
    pub(super) fn probe_delay(
        &self,
        h: &crate::container::HealthSpec,
        started: SimTime,
        now: SimTime,
    ) -> Duration {
        let in_start_period = now < started + h.start_period;
        if self.engine.modern_api() && in_start_period && !h.start_period.is_zero() {
            h.start_interval
        } else {
            h.interval
        }
    }

    /// Why the engine binds none of container `id`'s published ports, if
    /// it binds none whatever they are: its network mode gives it no
    /// namespace of its own to forward into, or every network it is on is
    /// internal (facts §7).
    pub fn ports_ignored(&self, id: ContainerId) -> Option<PortsIgnored> {
        let c = &self.containers[&id];
        match c.spec.network_mode {
            NetworkMode::Host => return Some(PortsIgnored::HostMode),
            NetworkMode::None => return Some(PortsIgnored::NoneMode),
            NetworkMode::Container(_) => return Some(PortsIgnored::SharedNamespace),
            NetworkMode::Default => {}
        }
        // A network the container was configured for may be gone (or
        // never have existed: `docker run --network nope` leaves a created
        // container behind); it counts as not internal.
        let on_internal_only = !c.attachments.is_empty()
            && c.attachments
                .keys()
                .all(|n| self.networks.get(n).is_some_and(|n| n.internal));
        on_internal_only.then_some(PortsIgnored::InternalOnly)
    }

    /// Why container `id`'s published ports bind nothing, when it asks for
    /// some and they do (facts §7): host network mode, or internal networks
    /// only. A container in another's namespace cannot ask for ports (the
    /// CLI refuses), and one with `none` has nothing to forward to.
    pub fn discards_ports(&self, id: ContainerId) -> Option<DiscardReason> {
        if self.containers[&id].spec.ports.is_empty() {
            return None;
        }
        match self.ports_ignored(id)? {
            PortsIgnored::HostMode => Some(DiscardReason::HostNetwork),
            PortsIgnored::InternalOnly => Some(DiscardReason::InternalNetworks),
            PortsIgnored::NoneMode | PortsIgnored::SharedNamespace => None,
        }
    }

    /// The process ended: record it, release the network, and let the
    /// restart policy decide what comes next (facts §2, §6).
    pub(super) fn process_ended(&mut self, id: ContainerId, code: i32, cause: ExitCause) {
        let now = self.now;
        let c = &mut self.containers[&id];
        let ran = c.started_at.map(|s| now - s).unwrap_or_default();
        c.status = Status::Exited;
        c.exit_code = code;
        c.finished_at = Some(now);
        c.ready_at = None;
        c.generation += 1;
        let name = c.name.clone();
        self.emit(EventKind::ContainerExited {
            container: id,
            name: name.clone(),
            code,
            cause: cause.clone(),
        });
        // Containers sharing this namespace lose their network with it.
        self.release_all(id);
        let c = &mut self.containers[&id];
        // `--rm` removes the container however its process ended.
        if c.spec.auto_remove {
            self.remove_id(id);
            return;
        }
        if c.manually_stopped {
            return;
        }
        let restart = match c.spec.restart {
            RestartPolicy::No => false,
            RestartPolicy::Always | RestartPolicy::UnlessStopped => true,
            RestartPolicy::OnFailure(max) => code != 0 && (max == 0 || c.restart_count < max),
        };
        if !restart {
            return;
        }
        if ran >= RESTART_RESET_AFTER {
            c.restart_delay = Duration::ZERO;
        }
        c.restart_delay = if c.restart_delay.is_zero() {
            RESTART_MIN_DELAY
        } else {
            (c.restart_delay * 2).min(RESTART_MAX_DELAY)
        };
        c.restart_count = c.restart_count.saturating_add(1);
        c.status = Status::Restarting;
        let delay = c.restart_delay;
        let generation = c.generation;
        let restart_count = c.restart_count;
        self.emit(EventKind::RestartScheduled {
            container: id,
            name,
            delay,
            restart_count,
        });
        self.schedule(now + delay, Timer::Restart { id, generation });
    }

    /// The container's main process ends by itself with `code` now (used
    /// when a foreground `docker run IMAGE TOOL` runs a tool the simulation
    /// answers, such as `nslookup db`).
    pub fn exit(&mut self, id: ContainerId, code: i32) {
        if self.containers.get(&id).is_some_and(|c| c.is_running()) {
            self.process_ended(id, code, ExitCause::Exited);
        }
    }

    /// `docker stop`: SIGTERM, then SIGKILL after the timeout. The clock
    /// moves on by the time the process takes to end.
    pub fn stop(
        &mut self,
        key: &str,
        timeout: Option<Duration>,
    ) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        let c = &mut self.containers[&id];
        c.manually_stopped = true;
        match c.status {
            Status::Running | Status::Paused => {
                let plan = process::plan(&c.spec);
                let grace = timeout
                    .or(c.spec.stop_timeout)
                    .unwrap_or(DEFAULT_STOP_TIMEOUT);
                let (wait, code) = if plan.ignores_sigterm {
                    (grace, 137)
                } else {
                    (Duration::ZERO, 0)
                };
                self.advance(wait);
                if self.containers[&id].is_running() {
                    self.process_ended(id, code, ExitCause::Stopped);
                }
            }
            Status::Restarting => self.cancel_restart(id),
            _ => {}
        }
        Ok(id)
    }

    /// `docker stop` or `docker kill` of a container waiting to restart:
    /// the pending restart is dropped (its timer no longer matches the
    /// generation) and the container stays exited.
    pub(super) fn cancel_restart(&mut self, id: ContainerId) {
        let c = &mut self.containers[&id];
        c.status = Status::Exited;
        c.generation += 1;
        let name = c.name.clone();
        self.emit(EventKind::RestartCancelled {
            container: id,
            name,
        });
    }

    /// `docker kill`: the process dies at once with 137 and the restart
    /// policy is ignored, as after `docker stop`.
    pub fn kill(&mut self, key: &str, signal: &str) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        let c = &self.containers[&id];
        if !c.is_running() && c.status != Status::Restarting {
            return Err(ContainerError::NotRunning(c.docker_id.clone()));
        }
        let signal = signal.trim_start_matches("SIG").to_ascii_uppercase();
        // Any `docker kill`, even with SIGTERM, ends the restart policy
        // (seen on 20.10.24).
        self.containers[&id].manually_stopped = true;
        let c = &self.containers[&id];
        let code = match signal.as_str() {
            "" | "KILL" | "9" => 137,
            "TERM" | "15" => {
                if process::plan(&c.spec).ignores_sigterm {
                    return Ok(id);
                }
                143
            }
            "INT" | "2" => 130,
            // Other signals (HUP, USR1, ...) are handled by the app.
            _ => return Ok(id),
        };
        self.containers[&id].manually_stopped = true;
        if self.containers[&id].status == Status::Restarting {
            self.cancel_restart(id);
            return Ok(id);
        }
        self.process_ended(id, code, ExitCause::Killed);
        Ok(id)
    }

    /// `docker restart`: stop, then start; the address is allocated anew.
    pub fn restart(
        &mut self,
        key: &str,
        timeout: Option<Duration>,
    ) -> Result<ContainerId, ContainerError> {
        let id = self.stop(key, timeout)?;
        self.start_id(id)?;
        Ok(id)
    }

    /// `docker rm`.
    pub fn remove(&mut self, key: &str, force: bool) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        let c = &self.containers[&id];
        if (c.is_running() || c.status == Status::Restarting) && !force {
            return Err(ContainerError::RemoveRunning(c.docker_id.clone()));
        }
        if c.is_running() {
            self.containers[&id].manually_stopped = true;
            self.process_ended(id, 137, ExitCause::Killed);
        }
        if self.containers.contains_key(&id) {
            self.remove_id(id);
        }
        Ok(id)
    }

    pub(super) fn remove_id(&mut self, id: ContainerId) {
        // A container in this one's namespace (`--network container:`)
        // keeps the /etc/hosts it shares as last written. Up to 27 that is
        // this one's line on the default bridge, which leaving the default
        // bridge does not delete (seen on 20.10.24 and 26.1.5: gen-036);
        // a user network's line goes as its endpoint leaves, on a stop as
        // on a forced removal (seen on 20.10.24, 26.1.5 and 28.5.2:
        // container-mode-recreate, compose-service-mode-recreate). From 28
        // no line is left (seen on 28.5.2).
        let default_bridge = self
            .networks
            .values()
            .find(|n| n.is_default_bridge())
            .and_then(|n| n.subnet.as_ref().map(|s| s.subnet));
        let lines: Vec<Ipv4Addr> = if self.engine.disconnect_removes_own_hosts_line() {
            Vec::new()
        } else {
            self.containers[&id]
                .hosts_lines
                .iter()
                .copied()
                .filter(|ip| default_bridge.is_some_and(|net| net.contains(ip)))
                .collect()
        };
        let sharers: Vec<ContainerId> = self
            .containers
            .values()
            .filter(|c| match &c.spec.network_mode {
                NetworkMode::Container(t) => c.id != id && self.find_container(t) == Some(id),
                _ => false,
            })
            .map(|c| c.id)
            .collect();
        for sharer in sharers {
            self.containers[&sharer].hosts_lines = lines.clone();
        }
        self.release_all(id);
        let c = self.containers.shift_remove(&id).expect("exists");
        self.index.removed(&c);
        self.emit(EventKind::ContainerRemoved {
            container: id,
            name: c.name,
        });
    }

    /// `docker rename`.
    pub fn rename(&mut self, key: &str, new_name: &str) -> Result<(), ContainerError> {
        let id = self.container_by_key(key)?;
        if !valid_container_name(new_name) {
            return Err(ContainerError::InvalidName(new_name.to_string()));
        }
        if let Some(other) = self.index.named(new_name) {
            return Err(ContainerError::NameInUse {
                name: new_name.to_string(),
                id: self.containers[&other].docker_id.clone(),
            });
        }
        // The embedded DNS forgets the old name and learns the new one on
        // every network the container is on (moby's `daemon/rename.go`).
        let endpoints: Vec<Endpoint> = self.containers[&id].endpoints().cloned().collect();
        let before: Vec<(NetworkId, Vec<DnsName>)> = endpoints
            .iter()
            .map(|e| (e.network, self.dns_names(id, e)))
            .collect();
        let old = std::mem::replace(&mut self.containers[&id].name, new_name.to_string());
        self.index.renamed(id, &old, new_name);
        let c = &self.containers[&id];
        for e in &endpoints {
            self.index
                .unnamed_on(id, e.network, index::dns_keys(c, &old, e));
            self.index
                .named_on(id, e.network, index::dns_keys(c, new_name, e));
        }
        self.emit(EventKind::ContainerRenamed {
            container: id,
            old,
            new: new_name.to_string(),
        });
        for (e, (net, old_names)) in endpoints.iter().zip(before) {
            let (Some(ip), true) = (e.ip, self.networks[&net].has_embedded_dns()) else {
                continue;
            };
            let network_name = self.networks[&net].name.clone();
            self.emit(EventKind::DnsRemoved {
                container: id,
                network: net,
                network_name: network_name.clone(),
                names: old_names,
                ip,
            });
            let names = self.dns_names(id, e);
            self.emit(EventKind::DnsRegistered {
                container: id,
                network: net,
                network_name,
                names,
                ip,
            });
        }
        Ok(())
    }

    pub(super) fn log(&mut self, id: ContainerId, text: impl Into<String>) {
        let time = self.now;
        let text = text.into();
        self.containers[&id].logs.push(LogLine {
            time,
            stderr: LogLine::is_error_text(&text),
            text,
        });
    }
}

#[cfg(test)]
mod tests {
    //! Each test plays a script of host operations (see
    //! `host::testing`) and compares what happened with the expected text.

    use crate::container::HealthStatus;
    use crate::event::EventKind;
    use crate::host::testing::{check, host, mark, run_spec, spec};
    use crate::HealthSpec;

    #[test]
    fn names_must_be_valid_and_unique() {
        check(
            "
            run web
            ---
            create a
            create -x
            create we:b
            create web
            ",
            r#"
            error: Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
            error: Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
            error: Invalid container name (we:b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
            error: Conflict. The container name "/web" is already in use by container "<web id>". You have to remove (or rename) that container to be able to reuse that name.
            "#,
        );
    }

    #[test]
    fn network_modes_that_cannot_be_combined() {
        check(
            "
            network create front
            run web net=front
            ---
            create both mode=host net=front
            create ghost mode=container:nope
            create named mode=container:web hostname=h
            ",
            "
            error: conflicting options: cannot attach both user-defined and non-user-defined network-modes
            error: No such container: nope
            error: conflicting options: hostname and the network mode
            ",
        );
    }

    #[test]
    fn start_stop_and_a_process_that_ignores_sigterm() {
        // A shell or `sleep` as PID 1 ignores SIGTERM, so `docker stop`
        // waits for the timeout and kills it (137); nginx exits at once.
        check(
            "
            run web
            run sleeper image=busybox cmd=sleep,1000
            ---
            start web
            stop web
            stop web
            stop sleeper
            ",
            "
            0.000s  container web exited with code 0 (stopped)
            0.000s  veth pair veth<web/bridge> <-> eth0 of web deleted
            0.000s  web releases 172.17.0.2 on bridge
            10.000s  container sleeper exited with code 137 (stopped)
            10.000s  veth pair veth<sleeper/bridge> <-> eth0 of sleeper deleted
            10.000s  sleeper releases 172.17.0.3 on bridge
            ",
        );
    }

    #[test]
    fn kill_ends_the_restart_policy() {
        // Facts §10: any `docker kill`, SIGTERM too, is a manual stop.
        check(
            "
            run web restart=always
            run other restart=always
            ---
            kill web
            advance 1s
            kill web
            kill other TERM
            advance 1s
            kill other HUP
            ",
            "
            0.000s  container web exited with code 137 (killed)
            0.000s  veth pair veth<web/bridge> <-> eth0 of web deleted
            0.000s  web releases 172.17.0.2 on bridge
            error: Container <web id> is not running
            1.000s  container other exited with code 143 (killed)
            1.000s  veth pair veth<other/bridge> <-> eth0 of other deleted
            1.000s  other releases 172.17.0.3 on bridge
            error: Container <other id> is not running
            ",
        );
    }

    #[test]
    fn restart_allocates_the_address_anew() {
        check(
            "
            network create front
            run one net=front
            run two net=front
            ---
            stop one
            restart two
            ",
            "
            0.000s  container one exited with code 0 (stopped)
            0.000s  dns on front: one, <one id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<one/front> <-> eth0 of one deleted
            0.000s  one releases 172.18.0.2 on front
            0.000s  container two exited with code 0 (stopped)
            0.000s  dns on front: two, <two id> -/-> 172.18.0.3 removed
            0.000s  veth pair veth<two/front> <-> eth0 of two deleted
            0.000s  two releases 172.18.0.3 on front
            0.000s  two gets 172.18.0.2 on front: lowest free address, NEW (was 172.18.0.3)
            0.000s  veth pair veth<two/front>#2@if9 (host, on br-<front>) <-> eth0@if10 (in two), mac <mac two/front>#2
            0.000s  dns on front: two, <two id> -> 172.18.0.2
            0.000s  container two started
            ",
        );
    }

    #[test]
    fn rename_registers_the_dns_names_again() {
        check(
            "
            network create front
            network create back
            run web net=front,back alias=www
            run other net=front
            ---
            rename web site
            names site
            rename site other
            rename site bad/name
            rename nope x1
            ",
            r#"
            0.000s  container web renamed to site
            0.000s  dns on front: web, www, <web id> -/-> 172.18.0.2 removed
            0.000s  dns on front: site, www, <web id> -> 172.18.0.2
            0.000s  dns on back: web, <web id> -/-> 172.19.0.2 removed
            0.000s  dns on back: site, <web id> -> 172.19.0.2
            names on front: site ContainerName, www Alias, <web id> ShortId
            names on back: site ContainerName, <web id> ShortId
            error: Conflict. The container name "/other" is already in use by container "<other id>". You have to remove (or rename) that container to be able to reuse that name.
            error: Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
            error: No such container: nope
            "#,
        );
    }

    #[test]
    fn a_running_container_is_removed_only_with_force() {
        check(
            "
            network create front
            run web net=front publish=8080:80
            ---
            rm web
            rm -f web
            rm web
            ",
            "
            error: You cannot remove a running container <web id>. Stop the container before attempting removal or force remove
            0.000s  container web exited with code 137 (killed)
            0.000s  dns on front: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/front> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on front
            0.000s  port 0.0.0.0:8080 of web released
            0.000s  container web removed
            error: No such container: web
            ",
        );
    }

    #[test]
    fn a_shared_namespace_keeps_its_owner_after_a_rename() {
        // Docker stores `container:<full id>`, so renaming the owner changes
        // nothing for the container sharing its namespace.
        check(
            "
            network create front
            run owner net=front
            run side mode=container:owner
            ---
            rename owner boss
            stop side
            start side
            stop boss
            stop side
            start side
            ",
            "
            0.000s  container owner renamed to boss
            0.000s  dns on front: owner, <owner id> -/-> 172.18.0.2 removed
            0.000s  dns on front: boss, <owner id> -> 172.18.0.2
            0.000s  container side exited with code 0 (stopped)
            0.000s  container side started
            0.000s  container boss exited with code 0 (stopped)
            0.000s  dns on front: boss, <owner id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<owner/front> <-> eth0 of boss deleted
            0.000s  boss releases 172.18.0.2 on front
            0.000s  container side exited with code 0 (stopped)
            error: cannot join network of a non running container: <owner id>
            ",
        );
    }

    #[test]
    fn published_ports_clash_and_are_skipped_where_they_cannot_be() {
        // Facts §7: a taken host port is refused; host mode and internal
        // networks publish nothing, and say so in the log (seen on
        // 20.10.24: NetworkSettings.Ports is empty in both cases).
        check(
            "
            network create inner internal
            run web publish=8080:80
            ---
            run clash publish=8080:80
            run hosted mode=host publish=8080:80
            run hidden net=inner publish=8080:80
            ",
            "
            0.000s  container clash created from nginx
            error: driver failed programming external connectivity on endpoint clash (<clash id>): Bind for 0.0.0.0:8080 failed: port is already allocated
            0.000s  container hosted created from nginx
            0.000s  ports 8080:80/tcp of hosted discarded: host network mode
            0.000s  container hosted started
            0.000s  container hidden created from nginx
            0.000s  hidden gets 172.18.0.2 on inner: lowest free address
            0.000s  veth pair veth<hidden/inner>@if7 (host, on br-<inner>) <-> eth0@if8 (in hidden), mac <mac hidden/inner>
            0.000s  dns on inner: hidden, <hidden id> -> 172.18.0.2
            0.000s  ports 8080:80/tcp of hidden discarded: only on internal networks
            0.000s  container hidden started
            ",
        );
    }

    #[test]
    fn one_network_that_is_not_internal_is_enough_to_publish() {
        // Seen on 20.10.24: a container on an internal network and a
        // normal one publishes its ports, and logs no discard.
        check(
            "
            network create inner internal
            network create outer
            ---
            run both net=inner,outer publish=8081:80
            ",
            "
            0.000s  container both created from nginx
            0.000s  both gets 172.18.0.2 on inner: lowest free address
            0.000s  veth pair veth<both/inner>@if6 (host, on br-<inner>) <-> eth0@if7 (in both), mac <mac both/inner>
            0.000s  dns on inner: both, <both id> -> 172.18.0.2
            0.000s  both gets 172.19.0.2 on outer: lowest free address
            0.000s  veth pair veth<both/outer>@if8 (host, on br-<outer>) <-> eth1@if9 (in both), mac <mac both/outer>
            0.000s  dns on outer: both, <both id> -> 172.19.0.2
            0.000s  port 0.0.0.0:8081 -> both:80/tcp
            0.000s  container both started
            ",
        );
    }

    #[test]
    fn a_health_check_starts_as_starting() {
        check(
            "
            ---
            run db health=true
            run web
            ",
            "
            0.000s  container db created from nginx
            0.000s  db gets 172.17.0.2 on bridge: lowest free address
            0.000s  veth pair veth<db/bridge>@if4 (host, on docker0) <-> eth0@if5 (in db), mac <mac db/bridge>
            0.000s  container db started
              health: starting
            0.000s  container web created from nginx
            0.000s  web gets 172.17.0.3 on bridge: lowest free address
            0.000s  veth pair veth<web/bridge>@if6 (host, on docker0) <-> eth0@if7 (in web), mac <mac web/bridge>
            0.000s  container web started
            ",
        );
    }

    #[test]
    fn container_started_carries_the_health_status() {
        let mut h = host();
        let mut with_check = spec("db", &[]);
        with_check.health = Some(HealthSpec {
            test: vec!["CMD".into(), "true".into()],
            ..HealthSpec::default()
        });
        let mut disabled = spec("off", &[]);
        disabled.health = Some(HealthSpec {
            test: vec!["NONE".into()],
            ..HealthSpec::default()
        });
        let from = mark(&h);
        run_spec(&mut h, with_check);
        run_spec(&mut h, disabled);
        run_spec(&mut h, spec("plain", &[]));
        let started: Vec<(String, Option<HealthStatus>)> = h.events()[from..]
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ContainerStarted { name, health, .. } => Some((name.clone(), *health)),
                _ => None,
            })
            .collect();
        assert_eq!(
            started,
            [
                ("db".to_string(), Some(HealthStatus::Starting)),
                ("off".to_string(), None),
                ("plain".to_string(), None),
            ]
        );
    }
}
