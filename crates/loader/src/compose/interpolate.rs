//! Stage 3: interpolation of every string value, then compose-go's casts of
//! the attributes whose type is not a string (`external: $FLAG` becomes a
//! boolean, `target: "${PORT}"` an integer).

use super::ctx::{At, Ctx, Env};
use super::template::{self, TemplateError};
use super::yaml::{Node, V};

#[derive(Clone, Copy)]
enum Cast {
    Int,
    Float,
    Bool,
}

/// compose-go's `interpolateTypeCastMapping`.
const CASTS: &[(&[&str], Cast)] = &[
    (&["services", "*", "configs", "[]", "mode"], Cast::Int),
    (&["services", "*", "cpu_count"], Cast::Int),
    (&["services", "*", "cpu_percent"], Cast::Float),
    (&["services", "*", "cpu_period"], Cast::Int),
    (&["services", "*", "cpu_quota"], Cast::Int),
    (&["services", "*", "cpu_rt_period"], Cast::Int),
    (&["services", "*", "cpu_rt_runtime"], Cast::Int),
    (&["services", "*", "cpus"], Cast::Float),
    (&["services", "*", "cpu_shares"], Cast::Int),
    (&["services", "*", "init"], Cast::Bool),
    (&["services", "*", "deploy", "replicas"], Cast::Int),
    (
        &["services", "*", "deploy", "update_config", "parallelism"],
        Cast::Int,
    ),
    (
        &[
            "services",
            "*",
            "deploy",
            "update_config",
            "max_failure_ratio",
        ],
        Cast::Float,
    ),
    (
        &["services", "*", "deploy", "rollback_config", "parallelism"],
        Cast::Int,
    ),
    (
        &[
            "services",
            "*",
            "deploy",
            "rollback_config",
            "max_failure_ratio",
        ],
        Cast::Float,
    ),
    (
        &["services", "*", "deploy", "restart_policy", "max_attempts"],
        Cast::Int,
    ),
    (
        &[
            "services",
            "*",
            "deploy",
            "placement",
            "max_replicas_per_node",
        ],
        Cast::Int,
    ),
    (&["services", "*", "healthcheck", "retries"], Cast::Int),
    (&["services", "*", "healthcheck", "disable"], Cast::Bool),
    (&["services", "*", "oom_kill_disable"], Cast::Bool),
    (&["services", "*", "oom_score_adj"], Cast::Int),
    (&["services", "*", "pids_limit"], Cast::Int),
    (&["services", "*", "ports", "[]", "target"], Cast::Int),
    (&["services", "*", "privileged"], Cast::Bool),
    (&["services", "*", "read_only"], Cast::Bool),
    (&["services", "*", "scale"], Cast::Int),
    (&["services", "*", "secrets", "[]", "mode"], Cast::Int),
    (&["services", "*", "stdin_open"], Cast::Bool),
    (&["services", "*", "tty"], Cast::Bool),
    (&["services", "*", "ulimits", "*"], Cast::Int),
    (&["services", "*", "ulimits", "*", "hard"], Cast::Int),
    (&["services", "*", "ulimits", "*", "soft"], Cast::Int),
    (&["services", "*", "volumes", "[]", "read_only"], Cast::Bool),
    (
        &["services", "*", "volumes", "[]", "volume", "nocopy"],
        Cast::Bool,
    ),
    (&["networks", "*", "external"], Cast::Bool),
    (&["networks", "*", "internal"], Cast::Bool),
    (&["networks", "*", "attachable"], Cast::Bool),
    (&["networks", "*", "enable_ipv6"], Cast::Bool),
    (&["volumes", "*", "external"], Cast::Bool),
    (&["secrets", "*", "external"], Cast::Bool),
    (&["configs", "*", "external"], Cast::Bool),
];

/// Interpolates `node` (a whole file, or a part at `path`) in place.
/// Problems become diagnostics; a value that cannot be interpolated is left
/// as written.
pub(crate) fn interpolate(ctx: &mut Ctx, node: &mut Node, path: &At, env: &Env) {
    if !ctx.interpolate {
        return;
    }
    match &mut node.v {
        V::Map(m) => {
            for (k, v) in m.iter_mut() {
                interpolate(ctx, v, &path.key(k), env);
            }
        }
        V::Seq(s) => {
            for (i, v) in s.iter_mut().enumerate() {
                interpolate(ctx, v, &path.idx(i), env);
            }
        }
        V::Str(s) => {
            if ctx.budget.exhausted() {
                // Said once where it happened; every later value would
                // repeat it.
                return;
            }
            // No cast is for a sequence's item (a test below holds CASTS to
            // that), and most strings are items.
            let cast = if path.at_item() {
                None
            } else {
                CASTS
                    .iter()
                    .find(|(pattern, _)| path.matches(pattern))
                    .map(|(_, c)| *c)
            };
            if cast.is_none() && !s.contains('$') {
                // Nothing to substitute and nothing to cast: most values.
                return;
            }
            let lookup = |k: &str| env.get(k);
            let value = match template::substitute(s, &lookup, &mut ctx.budget) {
                Ok(sub) => {
                    for name in sub.missing {
                        ctx.warn(
                            node.pos,
                            &path.dotted(),
                            format!(
                                "The {name:?} variable is not set. Defaulting to a blank string."
                            ),
                        );
                    }
                    sub.value
                }
                Err(e) => {
                    let message = match &e {
                        TemplateError::Invalid { template } => format!(
                            "invalid interpolation format for {}.\nYou may need to escape any $ with another $.\n{template}",
                            path.tree()
                        ),
                        TemplateError::MissingRequired { .. }
                        | TemplateError::TooDeep
                        | TemplateError::TooLarge { .. } => {
                            format!("error while interpolating {}: {e}", path.tree())
                        }
                    };
                    ctx.error_once(node.pos, &path.dotted(), message);
                    return;
                }
            };
            node.v = match cast {
                None => V::Str(value.clone()),
                Some(c) => match cast_value(c, &value) {
                    Ok(v) => v,
                    Err(e) => {
                        ctx.error_once(
                            node.pos,
                            &path.dotted(),
                            format!(
                                "error while interpolating {}: failed to cast to expected type: {e}",
                                path.tree()
                            ),
                        );
                        V::Str(value.clone())
                    }
                },
            };
            if matches!(cast, Some(Cast::Bool)) {
                let lower = value.to_ascii_lowercase();
                if matches!(lower.as_str(), "y" | "yes" | "on" | "n" | "no" | "off") {
                    let canonical = if matches!(lower.as_str(), "y" | "yes" | "on") {
                        "true"
                    } else {
                        "false"
                    };
                    ctx.warn(
                        node.pos,
                        &path.dotted(),
                        format!("{value:?} for boolean is not supported by YAML 1.2, please use `{canonical}`"),
                    );
                }
            }
        }
        _ => {}
    }
}

fn cast_value(cast: Cast, value: &str) -> Result<V, String> {
    match cast {
        Cast::Int => value
            .parse::<i64>()
            .map(V::Int)
            .map_err(|_| format!("strconv.Atoi: parsing {value:?}: invalid syntax")),
        Cast::Float => value
            .parse::<f64>()
            .map(V::Float)
            .map_err(|_| format!("strconv.ParseFloat: parsing {value:?}: invalid syntax")),
        Cast::Bool => match value.to_ascii_lowercase().as_str() {
            "true" | "y" | "yes" | "on" => Ok(V::Bool(true)),
            "false" | "n" | "no" | "off" => Ok(V::Bool(false)),
            _ => Err(format!("invalid boolean: {value}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cast_is_for_a_sequence_item() {
        // `interpolate` skips the casts for an item on this ground.
        for (pattern, _) in CASTS {
            assert_ne!(pattern.last(), Some(&"[]"), "{pattern:?}");
        }
    }
}
