//! Simulated time. Nothing in the model reads a clock: the caller says what
//! time it is by advancing the host.

use std::fmt;
use std::ops::{Add, Sub};
use std::time::Duration;

/// Milliseconds since the simulated host booted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct SimTime(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn millis(self) -> u64 {
        self.0
    }

    pub fn saturating_sub(self, other: SimTime) -> Duration {
        Duration::from_millis(self.0.saturating_sub(other.0))
    }
}

impl Add<Duration> for SimTime {
    type Output = SimTime;
    fn add(self, d: Duration) -> SimTime {
        SimTime(
            self.0
                .saturating_add(d.as_millis().min(u64::MAX as u128) as u64),
        )
    }
}

impl Sub for SimTime {
    type Output = Duration;
    fn sub(self, other: SimTime) -> Duration {
        self.saturating_sub(other)
    }
}

/// Shown as seconds with millisecond precision, `12.500s`, which is how the
/// timeline and the CLI print event times.
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

/// Docker's timestamps in inspect output; the simulated host boots at a fixed
/// date so that output is reproducible.
pub fn rfc3339(t: SimTime) -> String {
    // 2024-01-01T00:00:00Z plus the simulated time.
    let secs = t.0 / 1000;
    let nanos = (t.0 % 1000) * 1_000_000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(19_723 + days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm, so no date crate is needed for
/// one timestamp format.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses the argument of `sleep` in a container's command
/// (`sh -c 'sleep 5; exit 1'`): plain seconds (`10`, `1.5`), as BusyBox's and
/// coreutils' `sleep` take them, and numbers with units (`10s`, `1m`,
/// `500ms`, `1m30s`). The units are more than `sleep` accepts (it knows
/// `s`, `m`, `h` and `d`, one per argument), so this errs on the side of
/// reading a command's intent. Compose's and the docker CLI's durations are
/// parsed by the loader, as Go does.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(secs) = text.parse::<f64>() {
        // `try_from` refuses what a Duration cannot hold (2^64 seconds and
        // more) instead of panicking.
        return Duration::try_from_secs_f64(secs).ok();
    }
    let mut total = 0f64;
    let mut rest = text;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let value: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    Duration::try_from_secs_f64(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_go_syntax() {
        assert_eq!(parse_duration("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("10"), Some(Duration::from_secs(10)));
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration("5x"), None);
    }

    /// A Duration holds under 2^64 seconds; longer sleeps are not read as
    /// a duration (the command then runs until stopped) instead of
    /// panicking.
    #[test]
    fn durations_too_long_to_hold_are_refused() {
        assert_eq!(parse_duration("18446744073709551616"), None);
        assert_eq!(parse_duration("1e300"), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
        assert_eq!(parse_duration("-1"), None);
        assert_eq!(parse_duration("inf"), None);
        assert_eq!(parse_duration("NaN"), None);
        assert_eq!(
            parse_duration("1e12"),
            Some(Duration::from_secs(1_000_000_000_000))
        );
    }

    #[test]
    fn timestamps_start_at_a_fixed_date() {
        assert_eq!(rfc3339(SimTime(0)), "2024-01-01T00:00:00.000000000Z");
        assert_eq!(
            rfc3339(SimTime(86_400_000 + 1500)),
            "2024-01-02T00:00:01.500000000Z"
        );
    }
}
