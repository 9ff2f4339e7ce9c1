//! What well-known images run when a container names no command: their
//! `ENTRYPOINT` and `CMD`, as `docker inspect` shows them. Images are never
//! pulled, so this short table stands in for the image configs; an image not
//! in it runs an unknown server process.

/// `(entrypoint, cmd)` of an image, matched by repository name without tag
/// or registry (`library/mysql:8` → `mysql`).
pub fn defaults(image: &str) -> Option<(Vec<String>, Vec<String>)> {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    let repo = last.split(':').next().unwrap_or(last);
    let owner_repo = match without_digest.rsplit_once('/') {
        Some((owner, rest)) => format!(
            "{}/{}",
            owner.rsplit('/').next().unwrap_or(owner),
            rest.split(':').next().unwrap_or(rest)
        ),
        None => repo.to_string(),
    };
    let (entrypoint, cmd): (&[&str], &[&str]) = match (owner_repo.as_str(), repo) {
        ("nicolaka/netshoot", _) => (&[], &["zsh"]),
        (_, "busybox") => (&[], &["sh"]),
        (_, "alpine") => (&[], &["/bin/sh"]),
        (_, "ubuntu" | "debian") => (&[], &["bash"]),
        (_, "mysql") => (&["docker-entrypoint.sh"], &["mysqld"]),
        (_, "mariadb") => (&["docker-entrypoint.sh"], &["mariadbd"]),
        (_, "postgres") => (&["docker-entrypoint.sh"], &["postgres"]),
        (_, "redis") => (&["docker-entrypoint.sh"], &["redis-server"]),
        (_, "mongo") => (&["docker-entrypoint.sh"], &["mongod"]),
        (_, "wordpress") => (&["docker-entrypoint.sh"], &["apache2-foreground"]),
        (_, "nginx") => (&["/docker-entrypoint.sh"], &["nginx", "-g", "daemon off;"]),
        (_, "httpd") => (&[], &["httpd-foreground"]),
        (_, "node") => (&["docker-entrypoint.sh"], &["node"]),
        (_, "python") => (&[], &["python3"]),
        (_, "traefik") => (&["/entrypoint.sh"], &["traefik"]),
        _ => return None,
    };
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    Some((owned(entrypoint), owned(cmd)))
}

/// The TCP ports a well-known image's server listens on, on every
/// interface, as its Dockerfile's `EXPOSE` says. Images whose program is
/// a shell listen on nothing; `None` for images whose app is not known
/// (node, python, anything else): their ports depend on the app.
pub fn listens(image: &str) -> Option<&'static [u16]> {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    let repo = last.split(':').next().unwrap_or(last);
    Some(match repo {
        "busybox" | "alpine" | "ubuntu" | "debian" | "netshoot" => &[],
        "mysql" => &[3306, 33060],
        "mariadb" => &[3306],
        "postgres" => &[5432],
        "redis" => &[6379],
        "mongo" => &[27017],
        "memcached" => &[11211],
        "rabbitmq" => &[5672],
        "wordpress" | "nginx" | "httpd" | "phpmyadmin" => &[80],
        "adminer" => &[8080],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_match_without_tags_or_registries() {
        assert_eq!(defaults("mysql:8").unwrap().1, vec!["mysqld"]);
        assert_eq!(
            defaults("docker.io/library/busybox:latest").unwrap().1,
            vec!["sh"]
        );
        assert_eq!(defaults("nicolaka/netshoot").unwrap().1, vec!["zsh"]);
        assert_eq!(defaults("example/unknown"), None);
    }

    #[test]
    fn servers_listen_on_their_exposed_ports_shells_on_none() {
        assert_eq!(listens("mysql:8"), Some(&[3306, 33060][..]));
        assert_eq!(listens("docker.io/library/nginx:alpine"), Some(&[80][..]));
        assert_eq!(listens("busybox"), Some(&[][..]));
        assert_eq!(listens("node:20"), None);
    }
}
