//! `x-composenet`: our own vocabulary for what a simulated application does,
//! since images are not run. Real Compose ignores `x-` keys, so a file that
//! uses them stays valid for `docker compose`.
//!
//! ```yaml
//! services:
//!   web:
//!     x-composenet:
//!       ready_after: 20s          # healthy/ready this long after start
//!       exit_after: 5s            # the process ends by itself
//!       exit_code: 1
//!       connects: [db:3306, redis]
//!       on_connect_failure: retry # or exit
//!       retry_interval: 5s
//!       writes: ["todos.todo_items(id, name) = 1, Buy milk"]
//!       upstream: api:3000        # a reverse proxy: requests go there
//!       resolve_upstream: at_start  # or per_request (nginx's resolver)
//! ```
//!
//! The same settings can be given as labels (`--label
//! composenet.ready_after=20s` on `docker run`, or `composenet.*` service
//! labels); [`parse_app_label`] reads one of them.

use std::fmt;
use std::time::Duration;

use super::duration::parse_go_duration;

/// What the simulated process of a container does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppBehaviour {
    /// Ready (and healthy, when it has a healthcheck) this long after start.
    pub ready_after: Option<Duration>,
    /// The process ends by itself after this long.
    pub exit_after: Option<Duration>,
    /// The exit code when it ends by itself (or gives up connecting).
    pub exit_code: i32,
    /// `host[:port]` the app connects to once started.
    pub connects: Vec<String>,
    pub on_connect_failure: ConnectFailure,
    /// How long between connection attempts when retrying.
    pub retry_interval: Option<Duration>,
    /// Where the app listens (`3000`, `0.0.0.0:3000`, `127.0.0.1:8080`);
    /// empty when not declared.
    pub listen: Vec<composenet_model::container::Listen>,
    /// Tables the app writes into the database it connects to.
    pub writes: Vec<composenet_model::data::TableWrite>,
    /// A reverse proxy's upstream, `host:port`.
    pub upstream: Option<String>,
    /// Whether the proxy looks the upstream up for every request
    /// (`resolve_upstream: per_request`) or once at start (`at_start`,
    /// nginx's default for a literal `proxy_pass`).
    pub upstream_per_request: bool,
}

/// What the app does when a connection in `connects` fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConnectFailure {
    #[default]
    Retry,
    Exit,
}

impl fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConnectFailure::Retry => "retry",
            ConnectFailure::Exit => "exit",
        })
    }
}

/// One setting, as read from a label or a key of `x-composenet`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppSetting {
    ReadyAfter(Duration),
    ExitAfter(Duration),
    ExitCode(i32),
    Connects(Vec<String>),
    OnConnectFailure(ConnectFailure),
    RetryInterval(Duration),
    Listen(Vec<composenet_model::container::Listen>),
    Writes(Vec<composenet_model::data::TableWrite>),
    Upstream(String),
    UpstreamPerRequest(bool),
}

/// The keys `x-composenet` knows at service level.
pub const APP_KEYS: &[&str] = &[
    "ready_after",
    "exit_after",
    "exit_code",
    "connects",
    "on_connect_failure",
    "retry_interval",
    "listen",
    "writes",
    "upstream",
    "resolve_upstream",
];

/// The shortest `retry_interval`, the same floor as Docker's for
/// health-check intervals.
pub const MIN_RETRY_INTERVAL: Duration = Duration::from_millis(1);

/// The prefix of behaviour labels.
pub const LABEL_PREFIX: &str = "composenet.";

impl AppBehaviour {
    pub fn apply(&mut self, setting: AppSetting) {
        match setting {
            AppSetting::ReadyAfter(d) => self.ready_after = Some(d),
            AppSetting::ExitAfter(d) => self.exit_after = Some(d),
            AppSetting::ExitCode(c) => self.exit_code = c,
            AppSetting::Connects(c) => self.connects = c,
            AppSetting::OnConnectFailure(f) => self.on_connect_failure = f,
            AppSetting::RetryInterval(d) => self.retry_interval = Some(d),
            AppSetting::Listen(l) => self.listen = l,
            AppSetting::Writes(w) => self.writes = w,
            AppSetting::Upstream(u) => self.upstream = Some(u),
            AppSetting::UpstreamPerRequest(p) => self.upstream_per_request = p,
        }
    }
}

/// Reads one setting from its field name (without prefix) and text value.
/// `connects` takes a comma-separated list.
pub fn parse_app_setting(field: &str, value: &str) -> Result<AppSetting, String> {
    let duration = |v: &str| {
        parse_go_duration(v.trim())
            .map_err(|e| format!("{field}: {e} (expected a duration like 20s or 1m30s)"))
    };
    Ok(match field {
        "ready_after" => AppSetting::ReadyAfter(duration(value)?),
        "exit_after" => AppSetting::ExitAfter(duration(value)?),
        "retry_interval" => {
            let d = duration(value)?;
            // An app that retries at once would retry for ever without the
            // simulated clock moving: every attempt happens at one instant.
            if d < MIN_RETRY_INTERVAL {
                return Err(format!(
                    "retry_interval: {:?} is too short: an app waits at least 1ms between attempts",
                    value.trim()
                ));
            }
            AppSetting::RetryInterval(d)
        }
        "exit_code" => AppSetting::ExitCode(
            value
                .trim()
                .parse::<i32>()
                .map_err(|_| format!("exit_code: {value:?} is not an integer"))?,
        ),
        "connects" => AppSetting::Connects(
            value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| check_target(s).map(|_| s.to_string()))
                .collect::<Result<_, _>>()?,
        ),
        "on_connect_failure" => AppSetting::OnConnectFailure(match value.trim() {
            "retry" => ConnectFailure::Retry,
            "exit" => ConnectFailure::Exit,
            other => {
                return Err(format!(
                    "on_connect_failure: {other:?} is not one of retry, exit"
                ))
            }
        }),
        "listen" => AppSetting::Listen(
            value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(parse_listen)
                .collect::<Result<_, _>>()?,
        ),
        // Tables are separated by `;` (rows inside one use `|` and `,`).
        "writes" => {
            let mut tables = Vec::new();
            for entry in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                tables.push(composenet_model::data::parse_write(entry)?);
            }
            AppSetting::Writes(tables)
        }
        "upstream" => {
            let target = value.trim();
            check_target(target)?;
            AppSetting::Upstream(target.to_string())
        }
        "resolve_upstream" => AppSetting::UpstreamPerRequest(match value.trim() {
            "at_start" => false,
            "per_request" => true,
            other => {
                return Err(format!(
                    "resolve_upstream: {other:?} is not one of at_start, per_request"
                ))
            }
        }),
        other => return Err(format!("unknown setting {other:?}")),
    })
}

/// A `listen` entry: `port`, or `address:port` with the address
/// `0.0.0.0` (every interface) or `127.0.0.1`/`localhost` (loopback only).
fn parse_listen(entry: &str) -> Result<composenet_model::container::Listen, String> {
    let (addr, port) = match entry.rsplit_once(':') {
        Some((a, p)) => (Some(a), p),
        None => (None, entry),
    };
    let port = port
        .parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| format!("listen: {entry:?} has an invalid port {port:?}"))?;
    let ip = match addr {
        None | Some("0.0.0.0") | Some("*") => std::net::Ipv4Addr::UNSPECIFIED,
        Some("127.0.0.1") | Some("localhost") => std::net::Ipv4Addr::LOCALHOST,
        Some(other) => {
            return Err(format!(
                "listen: {other:?} is not 0.0.0.0 (every interface) or 127.0.0.1 (loopback only)"
            ))
        }
    };
    Ok(composenet_model::container::Listen { ip, port })
}

/// Checks a `connects` entry: `host` or `host:port`.
pub fn check_target(target: &str) -> Result<(), String> {
    let (host, port) = match target.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (target, None),
    };
    if host.is_empty() {
        return Err(format!("connects: {target:?} has no host name"));
    }
    if let Some(p) = port {
        if p.parse::<u16>().map(|p| p == 0).unwrap_or(true) {
            return Err(format!("connects: {target:?} has an invalid port {p:?}"));
        }
    }
    Ok(())
}

/// Reads a `composenet.<field>=<value>` label. `Ok(None)` when the label is
/// not one of ours; an error names what is wrong with the value or key.
pub fn parse_app_label(key: &str, value: &str) -> Result<Option<AppSetting>, String> {
    let Some(field) = key.strip_prefix(LABEL_PREFIX) else {
        return Ok(None);
    };
    if !APP_KEYS.contains(&field) {
        return Err(format!(
            "unknown label {key:?}: composenet labels are {}",
            APP_KEYS
                .iter()
                .map(|k| format!("{LABEL_PREFIX}{k}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    parse_app_setting(field, value).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            parse_app_label("composenet.ready_after", "20s"),
            Ok(Some(AppSetting::ReadyAfter(Duration::from_secs(20))))
        );
        assert_eq!(parse_app_label("traefik.enable", "true"), Ok(None));
        assert_eq!(
            parse_app_label("composenet.connects", "db:3306, redis"),
            Ok(Some(AppSetting::Connects(vec![
                "db:3306".into(),
                "redis".into()
            ])))
        );
        assert!(parse_app_label("composenet.exit_code", "x").is_err());
        assert!(parse_app_label("composenet.nope", "1").is_err());
        assert!(parse_app_label("composenet.connects", "db:99999").is_err());
        assert!(parse_app_label("composenet.writes", "shop.items(id) = 1, 2").is_err());
        match parse_app_label("composenet.writes", "a.t(id) = 1 | 2; b.u") {
            Ok(Some(AppSetting::Writes(w))) => {
                assert_eq!((w.len(), w[0].rows.len(), w[1].table.as_str()), (2, 2, "u"))
            }
            other => panic!("{other:?}"),
        }
    }
}
