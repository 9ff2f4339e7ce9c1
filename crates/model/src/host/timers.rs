//! Simulated time: the timer queue, health probes, restart back-off and
//! the connection attempts of simulated apps.

use super::*;
use crate::event::Repetition;

/// The answer of [`Host::would_connect`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WouldConnect {
    pub resolution: crate::traffic::Resolution,
    /// The address the name gave first, if any.
    pub ip: Option<Ipv4Addr>,
    /// The container the packet reaches, if it reaches one.
    pub peer: Option<ContainerId>,
    pub outcome: ConnectOutcome,
}

/// How many identical rounds of a loop that logs events are listed one by
/// one before simulated time skips through the rest.
const MIN_LISTED_ROUNDS: u64 = 10;

/// A timer in a loop that simulated time may skip through.
struct Steady {
    period: Duration,
    /// The loop stays steady up to this time only.
    until: SimTime,
    /// Skip only when at least this many rounds fit.
    min_rounds: u64,
    max_rounds: u64,
}

/// How long an app waits between connection rounds. Zero would be a loop
/// that never lets time move on, so one millisecond is the least.
fn retry_interval(behaviour: &crate::container::Behaviour) -> Duration {
    behaviour
        .retry_interval
        .unwrap_or(DEFAULT_RETRY_INTERVAL)
        .max(Duration::from_millis(1))
}

impl Host {
    pub(super) fn schedule(&mut self, at: SimTime, timer: Timer) {
        // The clock saturates at its last millisecond (a `sleep` of 2^64
        // seconds takes it there); anything due then would be due at once
        // forever after, so the end of time never comes.
        if at == SimTime(u64::MAX) {
            return;
        }
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

    /// Runs everything due up to `until` and leaves the clock there.
    ///
    /// A timer in a steady loop (see [`Host::steady`]) is not fired once per
    /// period: its rounds up to the first timer that is not steady (or
    /// `until`) are applied at once, and only the last is fired. So a
    /// `sleep 1e9` costs the same with a health check or a restart storm
    /// running as without, and the log stays small.
    pub fn advance_to(&mut self, until: SimTime) {
        // The first due time of a timer that is not steady: the state the
        // steady ones depend on stays as it is until then. Firing a timer
        // may change that, so it is worked out again after each firing.
        let mut horizon: Option<SimTime> = None;
        while let Some((&(at, seq), timer)) = self.timers.iter().next() {
            if at > until {
                break;
            }
            if let Some(steady) = self.steady(timer, at) {
                let period = steady.period.as_millis().max(1) as u64;
                let limit = *horizon.get_or_insert_with(|| self.horizon(until));
                let limit = limit.min(steady.until);
                let rounds = (limit.0.saturating_sub(at.0) / period).min(steady.max_rounds);
                if rounds >= steady.min_rounds {
                    // The clock stays at the first skipped round, which the
                    // note is stamped with: other timers due before the
                    // last round still fire at their own times (moving it
                    // to the last round made them late, and the loops
                    // among them ran fewer rounds than they should).
                    let timer = self.timers.remove(&(at, seq)).expect("just seen");
                    let last = SimTime(at.0 + (rounds - 1) * period);
                    self.now = self.now.max(at);
                    self.skip_rounds(&timer, rounds, steady.period, last);
                    self.schedule(SimTime(at.0 + rounds * period), timer);
                    continue;
                }
            }
            let timer = self.timers.remove(&(at, seq)).expect("just seen");
            self.now = self.now.max(at);
            self.fire(timer);
            horizon = None;
        }
        self.now = self.now.max(until);
    }

    /// The earliest due time of a timer that is not steady, or `until`.
    fn horizon(&self, until: SimTime) -> SimTime {
        self.timers
            .iter()
            .find(|((at, _), timer)| *at > until || self.steady(timer, *at).is_none())
            .map_or(until, |((at, _), _)| (*at).min(until))
    }

    /// Whether `timer`, due at `at`, is in a loop whose next rounds change
    /// nothing but counters of its own container, the same way each time,
    /// as long as no other timer and no command changes the host:
    /// - a health probe past the start period whose verdict cannot change
    ///   (a fixed command, or an app that is already ready) and whose status
    ///   already says so;
    /// - a restart of a container whose process exits by itself after a
    ///   fixed time, once its back-off has settled (the longest, or the
    ///   shortest when each run is long enough to reset it), and, when it
    ///   runs for a while, no other app is trying to connect (it might
    ///   reach it);
    /// - a connection round of an app whose last rounds all failed the same
    ///   way.
    fn steady(&self, timer: &Timer, at: SimTime) -> Option<Steady> {
        match *timer {
            Timer::Probe { id, generation } => {
                let c = self.containers.get(&id)?;
                if c.generation != generation || !c.is_running() {
                    return None;
                }
                let h = c.spec.health.as_ref()?;
                let started = c.started_at?;
                if at < started + h.start_period || h.interval.is_zero() {
                    return None;
                }
                let ready_at = c.ready_at?;
                let (passes, until) = match process::probe_verdict(h) {
                    Some(v) => (v, SimTime(u64::MAX)),
                    None if ready_at <= at => (true, SimTime(u64::MAX)),
                    // Failing until the app is ready, then passing.
                    None => (false, SimTime(ready_at.0 - 1)),
                };
                let settled = if passes {
                    c.health == Some(HealthStatus::Healthy) && c.failing_streak == 0
                } else {
                    c.health == Some(HealthStatus::Unhealthy)
                };
                settled.then_some(Steady {
                    period: h.interval,
                    until,
                    min_rounds: 1,
                    max_rounds: u64::MAX,
                })
            }
            Timer::Restart { id, generation } => {
                let c = self.containers.get(&id)?;
                let (runs, code) = process::plan(&c.spec).exits?;
                // The back-off a round ends with: the longest, or, when the
                // process runs long enough to reset it, the shortest.
                let delay = if runs >= RESTART_RESET_AFTER {
                    RESTART_MIN_DELAY
                } else {
                    RESTART_MAX_DELAY
                };
                if c.generation != generation
                    || c.status != Status::Restarting
                    || c.restart_delay != delay
                    || c.spec.auto_remove
                {
                    return None;
                }
                // While it runs, an app that keeps trying to connect could
                // reach it: such a round would not be like the others.
                if !runs.is_zero()
                    && self
                        .timers
                        .values()
                        .any(|t| matches!(t, Timer::Connect { id: other, .. } if *other != id))
                {
                    return None;
                }
                // Each round is a start, an exit and the next restart; an
                // on-failure policy stops after its maximum.
                let max_rounds = match c.spec.restart {
                    RestartPolicy::No => return None,
                    RestartPolicy::OnFailure(_) if code == 0 => return None,
                    RestartPolicy::OnFailure(0) => u64::MAX,
                    RestartPolicy::OnFailure(max) => u64::from(max.saturating_sub(c.restart_count)),
                    RestartPolicy::Always | RestartPolicy::UnlessStopped => u64::MAX,
                };
                Some(Steady {
                    period: runs + delay,
                    until: SimTime(u64::MAX),
                    min_rounds: MIN_LISTED_ROUNDS,
                    max_rounds,
                })
            }
            Timer::Connect { id, generation } => {
                let c = self.containers.get(&id)?;
                if c.generation != generation
                    || !c.is_running()
                    || c.retry_same + 1 < MIN_LISTED_ROUNDS as u32
                {
                    return None;
                }
                Some(Steady {
                    period: retry_interval(&c.spec.behaviour),
                    until: SimTime(u64::MAX),
                    min_rounds: MIN_LISTED_ROUNDS,
                    max_rounds: u64::MAX,
                })
            }
            Timer::Exit { .. } | Timer::Ready { .. } => None,
        }
    }

    /// Applies `rounds` rounds of a steady timer at once (see
    /// [`Host::steady`]), the last of them at `last`.
    fn skip_rounds(&mut self, timer: &Timer, rounds: u64, every: Duration, last: SimTime) {
        match *timer {
            Timer::Probe { id, .. } => {
                let c = &mut self.containers[&id];
                if c.health == Some(HealthStatus::Unhealthy) {
                    let more = u32::try_from(rounds).unwrap_or(u32::MAX);
                    c.failing_streak = c.failing_streak.saturating_add(more);
                }
            }
            Timer::Restart { id, .. } => {
                // The last round's process runs until its exit, before the
                // next restart is due.
                let runs = process::plan(&self.containers[&id].spec)
                    .exits
                    .map_or(Duration::ZERO, |(runs, _)| runs);
                let (start, end) = (last, last + runs);
                let c = &mut self.containers[&id];
                let more = u32::try_from(rounds).unwrap_or(u32::MAX);
                c.restart_count = c.restart_count.saturating_add(more);
                c.started_at = Some(start);
                c.finished_at = Some(end);
                let name = c.name.clone();
                self.emit(EventKind::Repeated {
                    container: id,
                    name,
                    what: Repetition::Restarts,
                    times: rounds,
                    every,
                });
            }
            Timer::Connect { id, .. } => {
                let name = self.containers[&id].name.clone();
                self.emit(EventKind::Repeated {
                    container: id,
                    name,
                    what: Repetition::ConnectRetries,
                    times: rounds,
                    every,
                });
            }
            Timer::Exit { .. } | Timer::Ready { .. } => {}
        }
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
                    self.program_ready(id);
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
                        c.exit_code = 128;
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
            c.failing_streak = c.failing_streak.saturating_add(1);
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
        let mut round = String::new();
        for target in targets {
            if self.containers[&id].connected.contains(&target) {
                continue;
            }
            let (host, port) = split_host_port(&target);
            let (ip, outcome) = self.try_connect(id, &host, port);
            let line = self.connect_line(id, &target, &host, port, ip, &outcome);
            // The round is compared by what happened, not by the logged
            // text, which may carry a timestamp.
            round.push_str(&target);
            round.push_str(match outcome {
                ConnectOutcome::Connected => " ok\n",
                ConnectOutcome::NoSuchName => " name\n",
                _ if outcome.is_refused() => " refused\n",
                _ => " unreachable\n",
            });
            if let Some(line) = line {
                self.log(id, line);
            }
            if outcome == ConnectOutcome::Connected {
                self.containers[&id].connected.push(target);
                if let Some(ip) = ip {
                    self.app_reached(id, ip);
                }
            } else {
                all_ok = false;
            }
        }
        let c = &mut self.containers[&id];
        if c.retry_last == round {
            c.retry_same = c.retry_same.saturating_add(1);
        } else {
            c.retry_same = 0;
            c.retry_last = round;
        }
        if all_ok {
            self.app_connected(id);
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
            let at = self.now + retry_interval(&behaviour);
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
        let (resolution, ip, route) = self.send(id, host);
        let outcome = match route.as_ref().map(|r| (&r.verdict, r.hops.as_slice())) {
            None => ConnectOutcome::NoSuchName,
            Some((Verdict::Delivered(Peer::Container(target)), hops)) => {
                let local = matches!(hops, [crate::traffic::Hop::Loopback { .. }]);
                self.accepts(*target, port, local)
            }
            Some((Verdict::Delivered(Peer::Host), _)) => ConnectOutcome::Connected,
            Some((Verdict::Dropped(_), _)) => ConnectOutcome::Unreachable,
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

    /// Where container `id`'s app listens: as declared, else its image's
    /// known ports on every interface; `None` when neither says.
    pub fn listens(&self, id: ContainerId) -> Option<Vec<crate::container::Listen>> {
        let c = &self.containers[&id];
        c.spec.behaviour.listen.clone().or_else(|| {
            crate::images::listens(&c.spec.image).map(|ports| {
                ports
                    .iter()
                    .map(|p| crate::container::Listen::any(*p))
                    .collect()
            })
        })
    }

    /// Every bound host port: (address, host port, protocol, container,
    /// container port), in (address, port) order.
    pub fn port_bindings(&self) -> Vec<(Ipv4Addr, u16, String, ContainerId, u16)> {
        self.ports
            .iter()
            .filter_map(|((ip, port, proto), id)| {
                let (_, _, cport, _) = self.containers.get(id)?.bound_ports.iter().find(
                    |(bip, bport, _, bproto)| bip == ip && bport == port && bproto == proto,
                )?;
                Some((*ip, *port, proto.clone(), *id, *cport))
            })
            .collect()
    }

    /// The host ports container `id` publishes, in order.
    pub fn published_host_ports(&self, id: ContainerId) -> Vec<u16> {
        self.ports
            .iter()
            .filter(|(_, owner)| **owner == id)
            .map(|((_, port, _), _)| *port)
            .collect()
    }

    /// How container `target` answers a connection to `port` that reached
    /// it, from its own namespace (`local`) or from another one. Nothing
    /// listens before the app is ready; then a port nobody listens on, or
    /// one bound to 127.0.0.1 asked from outside, is reset. An app whose
    /// ports are unknown accepts any port from others, but its own
    /// namespace reaches only what it declares (the usual mistake is
    /// `localhost` meaning another container).
    pub fn accepts(&self, target: ContainerId, port: Option<u16>, local: bool) -> ConnectOutcome {
        if !self.containers[&target].is_ready(self.now) {
            return ConnectOutcome::Refused;
        }
        self.accepts_once_ready(target, port, local)
    }

    /// How container `target` will answer a connection to `port` once its
    /// app is ready, whatever the clock says now: what the configuration
    /// decides, which is what a warning is about.
    pub fn accepts_once_ready(
        &self,
        target: ContainerId,
        port: Option<u16>,
        local: bool,
    ) -> ConnectOutcome {
        let c = &self.containers[&target];
        let Some(port) = port else {
            return ConnectOutcome::Connected;
        };
        let not_listening = || ConnectOutcome::NotListening {
            port,
            container_port: c
                .bound_ports
                .iter()
                .find(|(_, host_port, _, _)| *host_port == port)
                .map(|(_, _, container_port, _)| *container_port)
                .filter(|p| *p != port),
        };
        match self.listens(target) {
            None if local => not_listening(),
            None => ConnectOutcome::Connected,
            Some(list) => match list.iter().find(|l| l.port == port) {
                None => not_listening(),
                Some(l) if l.ip.is_loopback() && !local => ConnectOutcome::LoopbackOnly { port },
                Some(_) => ConnectOutcome::Connected,
            },
        }
    }

    /// What a connection from container `id` to `host[:port]` would meet
    /// once every app is ready, asked without sending anything: the name
    /// looked up as getaddrinfo would ([`crate::dns::resolve`], nothing
    /// logged), the route to its first address, and the answer of the
    /// container it reaches. Warnings ask this; the host is not changed.
    pub fn would_connect(&self, id: ContainerId, host: &str, port: Option<u16>) -> WouldConnect {
        let (addrs, resolution) = crate::dns::resolve(self, id, host);
        let ip = addrs.first().copied();
        let route = ip.map(|ip| crate::traffic::route(self, id, ip));
        let (peer, outcome) = match route.as_ref().map(|r| (&r.verdict, r.hops.as_slice())) {
            None => (None, ConnectOutcome::NoSuchName),
            Some((Verdict::Delivered(Peer::Container(target)), hops)) => {
                let local = matches!(hops, [crate::traffic::Hop::Loopback { .. }]);
                (Some(*target), self.accepts_once_ready(*target, port, local))
            }
            Some((Verdict::Delivered(Peer::Host), _)) => (None, ConnectOutcome::Connected),
            Some((Verdict::Dropped(_), _)) => (None, ConnectOutcome::Unreachable),
        };
        WouldConnect {
            resolution,
            ip,
            peer,
            outcome,
        }
    }

    /// What a program in container `id` does to send to `target`: look the
    /// name up as getaddrinfo would (a DNS query is logged), take the first
    /// address, and follow the route to it.
    fn send(
        &mut self,
        id: ContainerId,
        target: &str,
    ) -> (crate::traffic::Resolution, Option<Ipv4Addr>, Option<Route>) {
        let (addrs, resolution) = crate::dns::lookup_host(self, id, target);
        let ip = addrs.first().copied();
        let route = ip.map(|ip| crate::traffic::route(self, id, ip));
        (resolution, ip, route)
    }

    /// `ping HOST` from container `id`: how the name resolved and where the
    /// packets went. The attempt goes into the log.
    pub fn ping(&mut self, id: ContainerId, target: &str) -> (Option<Ipv4Addr>, Option<Route>) {
        let (resolution, ip, route) = self.send(id, target);
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

#[cfg(test)]
mod tests {
    //! Each test plays a script of host operations (see
    //! `host::testing`) and compares what happened, with its simulated
    //! time, with the expected text.

    use crate::container::Status;
    use crate::host::testing::{check, play_on};
    use crate::time::SimTime;

    #[test]
    fn restart_back_off_starts_at_100ms_and_doubles() {
        // Facts §6. `mode=none` keeps the network out of the way.
        check(
            "
            run crash mode=none restart=always exit=0s:1
            ---
            advance 2s
            ",
            "
            0.000s  container crash exited with code 1 (process exited)
            0.000s  crash restarts in 100ms (restart #1)
            0.100s  container crash started
            0.100s  container crash exited with code 1 (process exited)
            0.100s  crash restarts in 200ms (restart #2)
            0.300s  container crash started
            0.300s  container crash exited with code 1 (process exited)
            0.300s  crash restarts in 400ms (restart #3)
            0.700s  container crash started
            0.700s  container crash exited with code 1 (process exited)
            0.700s  crash restarts in 800ms (restart #4)
            1.500s  container crash started
            1.500s  container crash exited with code 1 (process exited)
            1.500s  crash restarts in 1600ms (restart #5)
            ",
        );
    }

    #[test]
    fn restart_back_off_resets_after_10s_of_running() {
        check(
            "
            run steady mode=none restart=always exit=12s:1
            run quick mode=none restart=always exit=5s:1
            ---
            advance 25s
            ",
            "
            5.000s  container quick exited with code 1 (process exited)
            5.000s  quick restarts in 100ms (restart #1)
            5.100s  container quick started
            10.100s  container quick exited with code 1 (process exited)
            10.100s  quick restarts in 200ms (restart #2)
            10.300s  container quick started
            12.000s  container steady exited with code 1 (process exited)
            12.000s  steady restarts in 100ms (restart #1)
            12.100s  container steady started
            15.300s  container quick exited with code 1 (process exited)
            15.300s  quick restarts in 400ms (restart #3)
            15.700s  container quick started
            20.700s  container quick exited with code 1 (process exited)
            20.700s  quick restarts in 800ms (restart #4)
            21.500s  container quick started
            24.100s  container steady exited with code 1 (process exited)
            24.100s  steady restarts in 100ms (restart #2)
            24.200s  container steady started
            ",
        );
    }

    #[test]
    fn on_failure_counts_restarts_and_ignores_success() {
        check(
            "
            run job mode=none restart=on-failure:2 exit=0s:3
            run done mode=none restart=on-failure exit=0s:0
            ---
            advance 5s
            ",
            "
            0.000s  container job exited with code 3 (process exited)
            0.000s  job restarts in 100ms (restart #1)
            0.000s  container done exited with code 0 (process exited)
            0.100s  container job started
            0.100s  container job exited with code 3 (process exited)
            0.100s  job restarts in 200ms (restart #2)
            0.300s  container job started
            0.300s  container job exited with code 3 (process exited)
            ",
        );
    }

    #[test]
    fn stopping_a_restarting_container_cancels_the_restart() {
        check(
            "
            run crash mode=none restart=always exit=0s:1
            run other mode=none restart=always exit=0s:1
            advance 0s
            ---
            rm crash
            stop crash
            kill other
            advance 1s
            start crash
            ",
            "
            error: You cannot remove a running container <crash id>. Stop the container before attempting removal or force remove
            0.000s  crash will not restart
            0.000s  other will not restart
            1.000s  container crash started
            ",
        );
    }

    #[test]
    fn health_goes_from_starting_to_healthy_or_unhealthy() {
        check(
            "
            run good mode=none health=true interval=5s
            run bad mode=none health=false interval=5s retries=3
            run slow mode=none health=ready ready=12s interval=5s
            ---
            advance 20s
            ",
            "
            5.000s  good health: healthy
            12.000s  slow is ready
            15.000s  bad health: unhealthy (failing streak 3)
            15.000s  slow health: healthy
            ",
        );
    }

    #[test]
    fn failures_in_the_start_period_do_not_count() {
        // From engine 25 the start period probes every `start_interval`.
        check(
            "
            run db mode=none health=false interval=10s start-period=12s start-interval=2s retries=1
            ---
            advance 25s
            ",
            "
            12.000s  db health: unhealthy (failing streak 1)
            ",
        );
    }

    #[test]
    fn no_start_interval_up_to_engine_24() {
        check(
            "
            engine 20.10
            run db mode=none health=false interval=10s start-period=12s start-interval=2s retries=1
            ---
            advance 25s
            ",
            "
            20.000s  db health: unhealthy (failing streak 1)
            ",
        );
    }

    #[test]
    fn an_app_retries_until_its_database_is_ready() {
        // Facts §5: depends_on orders starts only; the client is refused
        // until the server is ready, then connects.
        check(
            "
            network create back
            run db net=back ready=8s image=mysql
            run web net=back connects=db:3306
            ---
            advance 12s
            ",
            "
            1.000s  web asks 127.0.0.11 for db: 172.18.0.2
              reason: Record(back)
            1.000s  web connects to db:3306 (172.18.0.2): refused (not ready)
              resolved from: dns
              route: web eth0 -> veth<web/back> -> br-<back> -> veth<db/back> -> db eth0 => delivered to db
            6.000s  web asks 127.0.0.11 for db: 172.18.0.2
              reason: Record(back)
            6.000s  web connects to db:3306 (172.18.0.2): refused (not ready)
              resolved from: dns
              route: web eth0 -> veth<web/back> -> br-<back> -> veth<db/back> -> db eth0 => delivered to db
            8.000s  db is ready
            11.000s  web asks 127.0.0.11 for db: 172.18.0.2
              reason: Record(back)
            11.000s  web connects to db:3306 (172.18.0.2): connected
              resolved from: dns
              route: web eth0 -> veth<web/back> -> br-<back> -> veth<db/back> -> db eth0 => delivered to db
            ",
        );
    }

    #[test]
    fn an_app_that_gives_up_exits() {
        check(
            "
            network create back
            run web net=back connects=nowhere:80 give-up
            ---
            advance 2s
            ",
            "
            1.000s  web asks 127.0.0.11 for nowhere: NXDOMAIN
              reason: NotOnAskersNetworks[back]
            1.000s  web connects to nowhere:80: no such name
              resolved from: dns
            1.000s  container web exited with code 1 (gave up connecting)
            1.000s  dns on back: web, <web id> -/-> 172.18.0.2 removed
            1.000s  veth pair veth<web/back> <-> eth0 of web deleted
            1.000s  web releases 172.18.0.2 on back
            ",
        );
    }

    #[test]
    fn timers_fire_in_time_order_then_in_the_order_set() {
        check(
            "
            run late mode=none exit=3s:0
            run early mode=none exit=1s:0
            run server mode=none ready=2s
            run same mode=none exit=2s:5
            ---
            advance 5s
            ",
            "
            1.000s  container early exited with code 0 (process exited)
            2.000s  server is ready
            2.000s  container same exited with code 5 (process exited)
            3.000s  container late exited with code 0 (process exited)
            ",
        );
    }

    #[test]
    fn a_restart_storm_under_the_longest_back_off_is_skipped_through() {
        // 11 restarts ramp the back-off up to a minute; from then on each
        // minute is the same start and exit, so a long sleep skips them and
        // lists only the last round. 1 000 000 s later the count is what
        // one event per round would have given.
        let (text, h) = play_on(
            "
            run crash mode=none restart=always exit=0s:1
            ---
            advance 1000000s
            ",
        );
        let skipped: Vec<&str> = text.lines().filter(|l| l.contains("more times")).collect();
        assert_eq!(
            skipped,
            ["162.300s  crash restarted 16663 more times, every 60000ms (not listed one by one)"]
        );
        let c = h.containers().next().expect("one container");
        // The first exit, 10 starts while the back-off ramps up, then a
        // start every minute from 162.3 s up to 1 000 000 s: each start
        // ends in an exit that schedules the next restart.
        assert_eq!(
            c.restart_count,
            1 + 10 + (1_000_000_000 - 162_300) / 60_000 + 1
        );
        assert!(text.lines().count() < 100, "{text}");
    }

    /// Restart loops whose process runs a while (one under the longest
    /// back-off, one long enough to reset it) beside an instant one: the
    /// skipped rounds leave each container as one round at a time would.
    /// The same time passed in steps of 500 s never holds ten rounds of a
    /// loop, so nothing is skipped there (found by the fuzzer: a `sleep`
    /// of 2^32 s with such a loop ran one round at a time, for hours).
    #[test]
    fn restart_loops_that_run_a_while_are_skipped_through_too() {
        let setup = "
            run flap mode=none restart=always exit=1s:3
            run long mode=none restart=on-failure exit=15s:1
            run crash mode=none restart=always exit=0s:1
            ---
            ";
        let (text, skipped) = play_on(&format!("{setup}advance 200000s"));
        assert!(text.lines().count() < 200, "{text}");
        assert_eq!(
            text.lines().filter(|l| l.contains("more times")).count(),
            3,
            "{text}"
        );
        let stepped = play_on(&format!("{setup}{}", "advance 500s\n".repeat(400))).1;
        let state = |h: &crate::Host| -> Vec<_> {
            h.containers()
                .map(|c| {
                    (
                        c.name.clone(),
                        c.status,
                        c.restart_count,
                        c.started_at,
                        c.finished_at,
                    )
                })
                .collect()
        };
        assert_eq!(state(&skipped), state(&stepped));
        assert_eq!(skipped.now(), stepped.now());
    }

    #[test]
    fn a_connecting_app_keeps_a_restart_loop_that_runs_a_while_in_steps() {
        // `web` keeps trying a port `flap` does not listen on: refused
        // while `flap` runs, no such name while it does not. Its rounds
        // are not all alike, so `flap`'s are not skipped either.
        let (text, _) = play_on(
            "
            network create back
            run flap net=back restart=always exit=1s:3
            run web net=back connects=flap:9
            ---
            advance 2000s
            ",
        );
        // (web's own retries while `flap` is down are alike, and skipped.)
        assert!(!text.contains("flap restarted"), "{text}");
        assert!(
            text.lines()
                .filter(|l| l.contains("container flap started"))
                .count()
                > 30,
            "{text}"
        );
        assert!(
            text.contains("web connects to flap:9 (172.18.0.2): refused"),
            "{text}"
        );
    }

    #[test]
    fn on_failure_stops_at_its_maximum_when_skipping() {
        let (_, h) = play_on(
            "
            run job mode=none restart=on-failure:500 exit=0s:3
            ---
            advance 1000000s
            ",
        );
        let c = h.containers().next().expect("one container");
        assert_eq!((c.restart_count, c.status), (500, Status::Exited));
    }

    #[test]
    fn steady_health_probes_cost_nothing_per_period() {
        // A billion one-second probes: the failing streak counts every one
        // of them, as the engine's would.
        let (text, h) = play_on(
            "
            run bad mode=none health=false interval=1s retries=3
            run good mode=none health=true interval=1s
            ---
            advance 1000000000s
            ",
        );
        assert_eq!(
            text,
            "1.000s  good health: healthy\n3.000s  bad health: unhealthy (failing streak 3)"
        );
        let streaks: Vec<u32> = h.containers().map(|c| c.failing_streak).collect();
        assert_eq!(streaks, [1_000_000_000, 0]);
    }

    #[test]
    fn probes_before_the_app_is_ready_fail_then_pass() {
        let (text, _) = play_on(
            "
            run slow mode=none health=ready ready=100000s interval=1s retries=1
            ---
            advance 200000s
            ",
        );
        assert_eq!(
            text,
            "1.000s  slow health: unhealthy (failing streak 1)\n100000.000s  slow is ready\n100000.000s  slow health: healthy"
        );
    }

    #[test]
    fn a_retry_loop_that_fails_the_same_way_is_skipped_through() {
        let (text, _) = play_on(
            "
            network create back
            run web net=back connects=nowhere:80
            ---
            advance 1000000s
            ",
        );
        let skipped: Vec<&str> = text.lines().filter(|l| l.contains("more times")).collect();
        assert_eq!(
            skipped,
            ["51.000s  web retried 199989 more times, every 5000ms, failing the same way (not listed one by one)"]
        );
        assert!(text.lines().count() < 100, "{text}");
    }

    #[test]
    fn settle_stops_at_its_limit_when_timers_keep_coming() {
        let (_, mut h) = play_on("run job mode=none exit=3s:0");
        assert_eq!(h.next_due(), Some(SimTime(3000)));
        assert!(h.settle(SimTime(60_000)));
        assert_eq!((h.now(), h.next_due()), (SimTime(3000), None));

        let (_, mut h) = play_on("run crash mode=none restart=always exit=0s:1");
        assert!(!h.settle(SimTime(60_000)));
        assert_eq!(h.now(), SimTime(60_000));
    }
}
