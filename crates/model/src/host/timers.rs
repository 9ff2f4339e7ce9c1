//! Simulated time: the timer queue, health probes, restart back-off and
//! the connection attempts of simulated apps.

use super::*;

impl Host {
    pub(super) fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq), timer);
    }

    /// When the next timer is due, if any is pending.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.keys().next().map(|(t, _)| *t)
    }

    /// Runs everything due up to `now + d` and leaves the clock there.
    pub fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        self.advance_to(until);
    }

    pub fn advance_to(&mut self, until: SimTime) {
        while let Some((&(at, seq), _)) = self.timers.iter().next() {
            if at > until {
                break;
            }
            let timer = self.timers.remove(&(at, seq)).expect("just seen");
            self.now = self.now.max(at);
            self.fire(timer);
        }
        self.now = self.now.max(until);
    }

    /// Runs timers until nothing is pending or `limit` is reached; returns
    /// whether everything settled.
    pub fn settle(&mut self, limit: SimTime) -> bool {
        while let Some(due) = self.next_due() {
            if due > limit {
                self.now = self.now.max(limit);
                return false;
            }
            self.advance_to(due);
        }
        true
    }

    pub(super) fn current(&self, id: ContainerId, generation: u32) -> bool {
        self.containers
            .get(&id)
            .is_some_and(|c| c.generation == generation)
    }

    pub(super) fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Exit {
                id,
                generation,
                code,
            } => {
                if self.current(id, generation) && self.containers[&id].is_running() {
                    self.process_ended(id, code, ExitCause::Exited);
                }
            }
            Timer::Ready { id, generation } => {
                if self.current(id, generation) {
                    let name = self.containers[&id].name.clone();
                    self.log(id, "ready for connections");
                    self.emit(EventKind::AppReady {
                        container: id,
                        name,
                    });
                }
            }
            Timer::Probe { id, generation } => {
                if self.current(id, generation) {
                    self.probe(id, generation);
                }
            }
            Timer::Connect { id, generation } => {
                if self.current(id, generation) {
                    self.connect_round(id, generation);
                }
            }
            Timer::Restart { id, generation } => {
                if self.current(id, generation) && self.containers[&id].status == Status::Restarting
                {
                    let manually_stopped = self.containers[&id].manually_stopped;
                    if let Err(e) = self.start_id(id) {
                        let name = self.containers[&id].name.clone();
                        self.log(id, format!("restart failed: {e}"));
                        let c = &mut self.containers[&id];
                        c.status = Status::Exited;
                        c.manually_stopped = manually_stopped;
                        self.emit(EventKind::ContainerExited {
                            container: id,
                            name,
                            code: 128,
                            cause: ExitCause::Exited,
                        });
                    }
                }
            }
        }
    }

    /// One health probe (facts: health checks in simulated time).
    pub(super) fn probe(&mut self, id: ContainerId, generation: u32) {
        let now = self.now;
        let c = &self.containers[&id];
        let Some(h) = c.spec.health.clone() else {
            return;
        };
        let started = c.started_at.unwrap_or(now);
        let passed = process::probe_verdict(&h).unwrap_or_else(|| c.is_ready(now));
        let in_start_period = now < started + h.start_period;
        let before = c.health;
        let c = &mut self.containers[&id];
        if passed {
            c.failing_streak = 0;
            c.health = Some(HealthStatus::Healthy);
        } else if !in_start_period || c.health != Some(HealthStatus::Starting) {
            c.failing_streak += 1;
            if c.failing_streak >= h.retries.max(1) {
                c.health = Some(HealthStatus::Unhealthy);
            }
        }
        let after = c.health;
        let streak = c.failing_streak;
        let name = c.name.clone();
        if let (true, Some(status)) = (before != after, after) {
            self.emit(EventKind::HealthChanged {
                container: id,
                name,
                status,
                failing_streak: streak,
            });
        }
        let next = self.probe_delay(&h, started, now);
        self.schedule(now + next, Timer::Probe { id, generation });
    }

    /// The hosts a container's app connects to.
    pub fn connect_targets(&self, id: ContainerId) -> Vec<String> {
        let c = &self.containers[&id];
        match &c.spec.behaviour.connects {
            Some(list) => list.clone(),
            None => process::infer_connects(&c.spec.env),
        }
    }

    /// The app tries each target it has not reached yet.
    pub(super) fn connect_round(&mut self, id: ContainerId, generation: u32) {
        let targets = self.connect_targets(id);
        let mut all_ok = true;
        for target in targets {
            if self.containers[&id].connected.contains(&target) {
                continue;
            }
            let (host, port) = split_host_port(&target);
            let (ip, outcome) = self.try_connect(id, &host, port);
            let line = match (&outcome, ip) {
                (ConnectOutcome::Connected, Some(ip)) => format!("Connected to {target} ({ip})"),
                (ConnectOutcome::NoSuchName, _) => format!("Error: getaddrinfo ENOTFOUND {host}"),
                (ConnectOutcome::Refused, Some(ip)) => {
                    format!("Error: connect ECONNREFUSED {ip}:{}", port.unwrap_or(0))
                }
                (_, Some(ip)) => format!("Error: connect EHOSTUNREACH {ip}:{}", port.unwrap_or(0)),
                (_, None) => format!("Error: connect EHOSTUNREACH {host}"),
            };
            self.log(id, line);
            if outcome == ConnectOutcome::Connected {
                self.containers[&id].connected.push(target);
            } else {
                all_ok = false;
            }
        }
        if all_ok {
            return;
        }
        let behaviour = self.containers[&id].spec.behaviour.clone();
        if behaviour.exit_on_connect_failure {
            let code = if behaviour.exit_code != 0 {
                behaviour.exit_code
            } else {
                1
            };
            self.process_ended(id, code, ExitCause::ConnectFailed);
        } else {
            let every = behaviour.retry_interval.unwrap_or(DEFAULT_RETRY_INTERVAL);
            let at = self.now + every;
            self.schedule(at, Timer::Connect { id, generation });
        }
    }

    /// What happens when container `id` opens a connection to
    /// `host[:port]`: the name is looked up as getaddrinfo would, and the
    /// packet follows [`crate::traffic::route`]. The attempt (and the DNS
    /// query, if one was sent) goes into the log.
    pub fn try_connect(
        &mut self,
        id: ContainerId,
        host: &str,
        port: Option<u16>,
    ) -> (Option<Ipv4Addr>, ConnectOutcome) {
        let (addrs, resolution) = crate::dns::lookup_host(self, id, host);
        let ip = addrs.first().copied();
        let route = ip.map(|ip| crate::traffic::route(self, id, ip));
        let outcome = match route.as_ref().map(|r| &r.verdict) {
            None => ConnectOutcome::NoSuchName,
            Some(Verdict::Delivered(Peer::Container(target))) => {
                if self.containers[target].is_ready(self.now) {
                    ConnectOutcome::Connected
                } else {
                    ConnectOutcome::Refused
                }
            }
            Some(Verdict::Delivered(Peer::Host)) => ConnectOutcome::Connected,
            Some(Verdict::Dropped(_)) => ConnectOutcome::Unreachable,
        };
        let target = match port {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        self.emit(EventKind::ConnectAttempt {
            container: id,
            name: self.containers[&id].name.clone(),
            target,
            port,
            resolution,
            ip,
            route,
            outcome: outcome.clone(),
        });
        (ip, outcome)
    }

    /// `ping HOST` from container `id`: how the name resolved and where the
    /// packets went. The attempt goes into the log.
    pub fn ping(&mut self, id: ContainerId, target: &str) -> (Option<Ipv4Addr>, Option<Route>) {
        let (addrs, resolution) = crate::dns::lookup_host(self, id, target);
        let ip = addrs.first().copied();
        let route = ip.map(|ip| crate::traffic::route(self, id, ip));
        self.emit(EventKind::Ping {
            container: id,
            name: self.containers[&id].name.clone(),
            target: target.to_string(),
            resolution,
            ip,
            route: route.clone(),
        });
        (ip, route)
    }
}
