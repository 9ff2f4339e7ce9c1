//! Go's `time.ParseDuration` (`1m30s`, `500ms`, `1.5h`), which Compose uses
//! for every duration attribute.

use std::time::Duration;

/// Parses a Go duration. Negative durations are refused: nothing in Compose
/// means anything by them. The error text is Go's. The parsing itself is the
/// CLI's (`cli::flags`), so docker flags and compose attributes agree.
pub fn parse_go_duration(text: &str) -> Result<Duration, String> {
    let nanos = crate::cli::go_parse_duration(text)?;
    if nanos < 0 {
        return Err(format!("negative duration {text:?} is not allowed"));
    }
    u64::try_from(nanos)
        .map(Duration::from_nanos)
        .map_err(|_| format!("time: invalid duration {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_syntax() {
        assert_eq!(parse_go_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_go_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_go_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_go_duration("0"), Ok(Duration::ZERO));
        assert_eq!(
            parse_go_duration("10"),
            Err("time: missing unit in duration \"10\"".into())
        );
        assert_eq!(
            parse_go_duration("abc"),
            Err("time: invalid duration \"abc\"".into())
        );
        assert!(parse_go_duration("5x").is_err());
    }
}
