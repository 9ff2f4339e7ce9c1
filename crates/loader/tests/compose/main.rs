//! The compose loader, case by case: each test gives files (in a project
//! directory `/proj`) and the expected `docker compose config`-like
//! rendering plus diagnostics, through one `check!` helper.

use composenet_loader::compose::{load, LoadOptions};
use composenet_loader::MemorySource;
use indexmap::IndexMap;

/// Loads `files` (paths relative to `/proj`) with `opts` and renders the
/// project and the diagnostics.
fn render(files: &[(&str, &str)], opts: LoadOptions) -> String {
    let mut fs = MemorySource::new();
    for (path, text) in files {
        fs.insert(format!("/proj/{path}"), *text);
    }
    let mut opts = opts;
    if opts.working_dir.as_os_str().is_empty() {
        opts.working_dir = "/proj".into();
    }
    let loaded = load(&opts, &fs);
    let mut out = match &loaded.project {
        Some(p) => p.to_string(),
        None => "(no project)\n".to_string(),
    };
    if !loaded.diagnostics.is_empty() {
        out.push_str("---\n");
        for d in &loaded.diagnostics {
            out.push_str(&d.to_string());
            out.push('\n');
        }
    }
    out
}

fn opts() -> LoadOptions {
    LoadOptions::default()
}

fn env(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `check!(files, @"expected")` or `check!(files, options, @"expected")`.
macro_rules! check {
    ($files:expr, @$expected:literal) => {
        insta::assert_snapshot!(render($files, opts()), @$expected)
    };
    ($files:expr, $opts:expr, @$expected:literal) => {
        insta::assert_snapshot!(render($files, $opts), @$expected)
    };
}

/// The seed: WordPress and MySQL on a user-defined network, written for
/// compose v1 (`version: "3.8"`).
const SEED: &str = r#"version: "3.8"

services:
  db:
    container_name: db-container
    image: mysql:8
    networks:
      - example-network
    ports:
      - "3306:3306"
    environment:
      MYSQL_ROOT_PASSWORD: 1234567890
      MYSQL_DATABASE: test
      MYSQL_USER: tester
      MYSQL_PASSWORD: 1234567890
    restart: unless-stopped

  wordpress:
    container_name: wordpress-container
    image: wordpress:latest
    networks:
      - example-network
    ports:
      - "8080:80"
    environment:
      WORDPRESS_DB_HOST: db:3306
      WORDPRESS_DB_USER: tester
      WORDPRESS_DB_PASSWORD: 1234567890
      WORDPRESS_DB_NAME: test
    depends_on:
      - db
    restart: unless-stopped

networks:
  example-network:
    driver: bridge
"#;

#[test]
fn seed_wordpress_mysql() {
    let mut o = opts();
    o.working_dir = "/proj/example".into();
    check!(&[("example/docker-compose.yml", SEED)], o, @r#"
    name: example
    services:
      db:
        image: mysql:8
        container_name: db-container
        networks:
          - example-network
        ports:
          - 3306:3306/tcp
        restart: unless-stopped
        environment:
          MYSQL_DATABASE: "test"
          MYSQL_PASSWORD: "1234567890"
          MYSQL_ROOT_PASSWORD: "1234567890"
          MYSQL_USER: "tester"
      wordpress:
        image: wordpress:latest
        container_name: wordpress-container
        networks:
          - example-network
        ports:
          - 8080:80/tcp
        depends_on:
          db:
            condition: service_started
            required: true
        restart: unless-stopped
        environment:
          WORDPRESS_DB_HOST: "db:3306"
          WORDPRESS_DB_NAME: "test"
          WORDPRESS_DB_PASSWORD: "1234567890"
          WORDPRESS_DB_USER: "tester"
    networks:
      example-network: name=example_example-network driver=bridge
    ---
    docker-compose.yml:1:1: warning: version: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion
    "#);
}

#[test]
fn version_key_is_only_a_warning() {
    check!(&[("compose.yaml", "version: '3'\nservices:\n  a:\n    image: alpine\n")], @"
    name: proj
    services:
      a:
        image: alpine
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:1:1: warning: version: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion
    ");
}

#[test]
fn default_files_and_their_override() {
    check!(
        &[
            ("compose.yaml", "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n"),
            ("docker-compose.yml", "services:\n  other:\n    image: nope\n"),
            ("compose.override.yml", "services:\n  web:\n    ports: ['80:80', '443:443']\n    environment: [DEBUG=1]\n"),
        ],
        @r#"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
        ports:
          - 80:80/tcp
          - 443:443/tcp
        environment:
          DEBUG: "1"
    networks:
      default: name=proj_default
    ---
    warning: Found multiple config files with supported names: /proj/compose.yaml, /proj/docker-compose.yml
    warning: Using /proj/compose.yaml
    "#
    );
}

#[test]
fn no_compose_file() {
    check!(&[("README.md", "hello")], @"
    (no project)
    ---
    error: no configuration file provided: not found
    ");
}

#[test]
fn interpolation_forms() {
    let yaml = r#"services:
  web:
    image: "nginx:${TAG}"
    environment:
      A: $FROM_ENV
      B: ${UNSET:-default}
      C: ${EMPTY:-default}
      D: ${EMPTY-default}
      E: ${FROM_ENV:+set}
      F: ${UNSET+set}
      G: "$$LITERAL and $${X}"
      H: ${UNSET:-${FROM_DOTENV}-nested}
      I: $NOT_SET_ANYWHERE
"#;
    let mut o = opts();
    o.env = env(&[
        ("FROM_ENV", "process"),
        ("EMPTY", ""),
        ("TAG", "from-process"),
    ]);
    check!(
        &[
            ("compose.yaml", yaml),
            (".env", "TAG=from-dotenv\nFROM_DOTENV=dotenv # comment\n"),
        ],
        o,
        @r#"
    name: proj
    services:
      web:
        image: nginx:from-process
        networks:
          - default
        environment:
          A: "process"
          B: "default"
          C: "default"
          D: ""
          E: "set"
          F: ""
          G: "$LITERAL and ${X}"
          H: "dotenv-nested"
          I: ""
    networks:
      default: name=proj_default
    ---
    compose.yaml:13:10: warning: services.web.environment.I: The "NOT_SET_ANYWHERE" variable is not set. Defaulting to a blank string.
    "#
    );
}

#[test]
fn interpolation_errors_use_compose_words() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: ${IMAGE:?set IMAGE to an image name}\n    hostname: ${HOST?}\n    ports:\n      - \"${PORT?port please}:80\"\n    command: echo $ {oops}\n",
        )],
        @"
    name: proj
    services:
      web:
        image: ${IMAGE:?set IMAGE to an image name}
        hostname: ${HOST?}
        command: [echo, $, {oops}]
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:3:12: error: error while interpolating services.web.image: required variable IMAGE is missing a value: set IMAGE to an image name
    compose.yaml:4:15: error: error while interpolating services.web.hostname: required variable HOST is missing a value
    compose.yaml:6:9: error: services.web.ports[0]: error while interpolating services.web.ports.[]: required variable PORT is missing a value: port please
    compose.yaml:7:14: error: invalid interpolation format for services.web.command.
    You may need to escape any $ with another $.
    echo $ {oops}
    "
    );
}

#[test]
fn interpolation_casts_booleans_and_integers() {
    let yaml = "services:\n  web:\n    image: nginx\n    scale: ${N}\n    ports:\n      - target: ${P}\n        published: \"8080\"\nnetworks:\n  front:\n    internal: ${FLAG}\n";
    let mut o = opts();
    o.env = env(&[("N", "2"), ("P", "80"), ("FLAG", "maybe")]);
    check!(&[("compose.yaml", yaml)], o, @"
    name: proj
    services:
      web:
        image: nginx
        replicas: 2
        networks:
          - default
        ports:
          - 8080:80/tcp
    networks:
      default: name=proj_default
    ---
    compose.yaml:10:15: error: error while interpolating networks.front.internal: failed to cast to expected type: invalid boolean: maybe
    ");
}

#[test]
fn no_interpolate_keeps_the_text() {
    let mut o = opts();
    o.interpolate = false;
    check!(&[("compose.yaml", "services:\n  web:\n    image: nginx:${TAG}\n")], o, @"
    name: proj
    services:
      web:
        image: nginx:${TAG}
        networks:
          - default
    networks:
      default: name=proj_default
    ");
}

#[test]
fn env_file_option_replaces_dotenv() {
    let mut o = opts();
    o.env_files = vec!["prod.env".into()];
    check!(
        &[
            ("compose.yaml", "services:\n  web:\n    image: nginx:${TAG}\n"),
            (".env", "TAG=dev\n"),
            ("prod.env", "TAG=prod\n"),
        ],
        o,
        @"
    name: proj
    services:
      web:
        image: nginx:prod
        networks:
          - default
    networks:
      default: name=proj_default
    "
    );
    let mut o = opts();
    o.env_files = vec!["missing.env".into()];
    check!(&[("compose.yaml", "services:\n  web:\n    image: nginx\n")], o, @"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    error: couldn't find env file: /proj/missing.env
    ");
}

#[test]
fn project_name_rules() {
    let files = &[(
        "compose.yaml",
        "name: My_Project.X\nservices:\n  web:\n    image: nginx\n",
    )];
    // top-level name, normalised
    check!(files, @"
    name: my_projectx
    services:
      web:
        image: nginx
        networks:
          - default
    networks:
      default: name=my_projectx_default
    ");
    // COMPOSE_PROJECT_NAME beats it
    let mut o = opts();
    o.env = env(&[("COMPOSE_PROJECT_NAME", "fromenv")]);
    check!(files, o, @"
    name: fromenv
    services:
      web:
        image: nginx
        networks:
          - default
    networks:
      default: name=fromenv_default
    ");
    // -p beats both, and must already be valid
    let mut o = opts();
    o.project_name = Some("Bad Name".into());
    check!(files, o, @r#"
    name: badname
    services:
      web:
        image: nginx
        networks:
          - default
    networks:
      default: name=badname_default
    ---
    error: invalid project name "Bad Name": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number
    "#);
    // the directory's base name, normalised
    let mut o = opts();
    o.working_dir = "/home/me/My.App".into();
    let mut fs = MemorySource::new();
    fs.insert(
        "/home/me/My.App/compose.yaml",
        "services:\n  web:\n    image: nginx\n",
    );
    let loaded = load(&o, &fs);
    assert_eq!(loaded.project.unwrap().name, "myapp");
}

#[test]
fn implicit_default_network_only_when_used() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  host:\n    image: nginx\n    network_mode: host\n  back:\n    image: redis\n    networks: [backend]\nnetworks:\n  backend:\n  unused:\n",
        )],
        @"
    name: proj
    services:
      back:
        image: redis
        networks:
          - backend
      host:
        image: nginx
        network_mode: host
    networks:
      backend: name=proj_backend
    "
    );
}

#[test]
fn networks_names_external_and_deprecated_external_name() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    networks:\n      - default\n      - mine\n      - theirs\n      - legacy\n      - named\nnetworks:\n  default:\n    driver_opts:\n      com.docker.network.bridge.host_binding_ipv4: \"127.0.0.1\"\n  mine:\n    ipam:\n      config:\n        - subnet: 172.28.0.0/16\n          gateway: 172.28.5.254\n          aux_addresses:\n            host1: 172.28.1.5\n  theirs:\n    external: true\n  legacy:\n    external:\n      name: old-style\n  named:\n    name: custom_name\n    enable_ipv6: true\n",
        )],
        @"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
          - mine
          - theirs
          - legacy
          - named
    networks:
      default: name=proj_default opts=(com.docker.network.bridge.host_binding_ipv4=127.0.0.1)
      legacy: name=old-style external
      mine: name=proj_mine
        pool: subnet=172.28.0.0/16 gateway=172.28.5.254 aux=(host1=172.28.1.5)
      named: name=custom_name ipv6=true
      theirs: name=theirs external
    ---
    compose.yaml:25:7: warning: networks.legacy: external.name is deprecated. Please set name and external: true
    "
    );
}

#[test]
fn service_networks_long_syntax() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  app:\n    image: app\n    networks:\n      front:\n        aliases: [web, www]\n        ipv4_address: 172.16.238.10\n        ipv6_address: 2001:3984:3989::10\n        priority: 1000\n        gw_priority: 1\n        interface_name: eth7\n        mac_address: 02:42:ac:11:00:02\n        link_local_ips: [169.254.8.8]\n        driver_opts:\n          com.docker.network.endpoint.sysctls: net.ipv4.conf.IFNAME.log_martians=1\n      back:\nnetworks:\n  front:\n    enable_ipv6: true\n    ipam:\n      config:\n        - subnet: 172.16.238.0/24\n        - subnet: 2001:3984:3989::/64\n  back:\n",
        )],
        @"
    name: proj
    services:
      app:
        image: app
        networks:
          - front aliases=[web, www] ipv4=172.16.238.10 ipv6=2001:3984:3989::10 mac=02:42:ac:11:00:02 priority=1000 gw_priority=1 interface=eth7 link_local=[169.254.8.8] opts=(com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.log_martians=1)
          - back
    networks:
      back: name=proj_back
      front: name=proj_front ipv6=true
        pool: subnet=172.16.238.0/24
        pool: subnet=2001:3984:3989::/64
    "
    );
}

#[test]
fn ports_short_syntax_is_expanded_like_compose() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    ports:\n      - 3000\n      - \"3000-3002\"\n      - \"8000:8000\"\n      - \"9090-9091:8080-8081\"\n      - \"8000-9000:80\"\n      - \"127.0.0.1:8001:8001\"\n      - \"[::1]:6001:6001\"\n      - \"6060:6060/udp\"\n      - \"8000:8000\"\n      - target: 443\n        published: \"8443\"\n        host_ip: 0.0.0.0\n        protocol: tcp\n        mode: host\n        app_protocol: https\n      - \"99999:1\"\n",
        )],
        @"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
        ports:
          - 3000/tcp
          - 3001/tcp
          - 3002/tcp
          - 8000:8000/tcp
          - 9090:8080/tcp
          - 9091:8081/tcp
          - 8000-9000:80/tcp
          - 127.0.0.1:8001:8001/tcp
          - [::1]:6001:6001/tcp
          - 6060:6060/udp
          - 0.0.0.0:8443:443/tcp mode=host app_protocol=https
    networks:
      default: name=proj_default
    ---
    compose.yaml:20:9: error: services.web.ports[10]: invalid hostPort: 99999
    "
    );
}

#[test]
fn implicit_dependencies() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  app:\n    image: app\n    links: [db, 'cache:redis']\n    volumes_from: [data, 'container:external']\n    depends_on:\n      db:\n        condition: service_healthy\n  side:\n    image: side\n    network_mode: service:app\n  db:\n    image: postgres\n    healthcheck:\n      test: pg_isready\n      interval: 1m30s\n      timeout: 500ms\n      retries: 3\n      start_period: 10s\n  cache:\n    image: redis\n  data:\n    image: busybox\n    volumes: [/data]\n",
        )],
        @"
    name: proj
    services:
      app:
        image: app
        networks:
          - default
        depends_on:
          db:
            condition: service_healthy
            required: true
          cache:
            condition: service_started
            restart: true
            required: true
          data:
            condition: service_started
            required: true
        links: [db, cache:redis]
        volumes_from: [data, container:external]
      cache:
        image: redis
        networks:
          - default
      data:
        image: busybox
        networks:
          - default
        volumes:
          - volume /data
      db:
        image: postgres
        networks:
          - default
        healthcheck: test=[CMD-SHELL, pg_isready] interval=1m30s timeout=500ms start_period=10s retries=3
      side:
        image: side
        network_mode: service:app
        depends_on:
          app:
            condition: service_started
            restart: true
            required: true
    networks:
      default: name=proj_default
    "
    );
}

#[test]
fn dependency_cycle_in_name_order() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  c:\n    image: x\n    depends_on: [a]\n  b:\n    image: x\n    depends_on: [c]\n  a:\n    image: x\n    depends_on: [b]\n",
        )],
        @"
    name: proj
    services:
      a:
        image: x
        networks:
          - default
        depends_on:
          b:
            condition: service_started
            required: true
      b:
        image: x
        networks:
          - default
        depends_on:
          c:
            condition: service_started
            required: true
      c:
        image: x
        networks:
          - default
        depends_on:
          a:
            condition: service_started
            required: true
    networks:
      default: name=proj_default
    ---
    compose.yaml:8:3: error: services.a.depends_on: dependency cycle detected: a -> b -> c -> a
    "
    );
}

#[test]
fn consistency_errors() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  redis:\n    image: redis\n    network_mode: bridge\n    networks: [front]\n  web:\n    image: nginx\n    networks: [nowhere]\n    depends_on: [ghost]\n    volumes: ['data:/data', './html:/usr/share/nginx/html:ro']\n  noimage:\n    hostname: x\n  many:\n    image: nginx\n    container_name: fixed\n    deploy:\n      replicas: 3\n  shared:\n    image: nginx\n    network_mode: service:missing\nnetworks:\n  front:\n",
        )],
        @r#"
    name: proj
    services:
      many:
        image: nginx
        container_name: fixed
        replicas: 3
        networks:
          - default
      noimage:
        hostname: x
        networks:
          - default
      redis:
        image: redis
        network_mode: bridge
        networks:
          - front
      shared:
        image: nginx
        network_mode: service:missing
        depends_on:
          missing:
            condition: service_started
            restart: true
            required: true
      web:
        image: nginx
        networks:
          - nowhere
        depends_on:
          ghost:
            condition: service_started
            required: true
        volumes:
          - volume data:/data
          - bind /proj/html:/usr/share/nginx/html:ro
    networks:
      default: name=proj_default
      front: name=proj_front
    ---
    compose.yaml:15:5: error: services.many: can't set container_name and deploy.replicas as container name must be unique: invalid compose project
    compose.yaml:11:3: error: services.noimage: service "noimage" has neither an image nor a build context specified: invalid compose project
    compose.yaml:4:5: error: services.redis.network_mode: service redis declares mutually exclusive `network_mode` and `networks`: invalid compose project
    compose.yaml:20:19: error: services.shared.depends_on.missing: service "shared" depends on undefined service "missing": invalid compose project
    compose.yaml:20:19: error: services.shared.network_mode: service "missing" not found for network_mode 'service:missing'
    compose.yaml:8:16: error: services.web.networks.nowhere: service "web" refers to undefined network nowhere: invalid compose project
    compose.yaml:9:18: error: services.web.depends_on.ghost: service "web" depends on undefined service "ghost": invalid compose project
    compose.yaml:10:15: error: services.web.volumes[0]: service "web" refers to undefined volume data: invalid compose project
    "#
    );
}

#[test]
fn unknown_keys_are_errors_like_compose() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    prots: ['80:80']\n    networks:\n      default:\n        alias: [x]\n    healthcheck:\n      test: [CMD, true]\n      intervl: 5s\n    cgroup: service:x\nnetwork:\n  foo:\n",
        )],
        @"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
        depends_on:
          x:
            condition: service_started
            restart: true
            required: true
        healthcheck: test=[CMD, true]
    networks:
      default: name=proj_default
    ---
    compose.yaml:7:9: error: services.web.networks.default additional properties 'alias' not allowed
    compose.yaml:7:9: warning: services.web.networks.default.alias: did you mean 'aliases'?
    compose.yaml:9:19: error: services.web.healthcheck.test[1]: services.web.healthcheck.test.1 must be a string
    compose.yaml:10:7: error: services.web.healthcheck additional properties 'intervl' not allowed
    compose.yaml:10:7: warning: services.web.healthcheck.intervl: did you mean 'interval'?
    compose.yaml:11:13: error: services.web.cgroup value must be one of 'host', 'private'
    compose.yaml:4:5: error: services.web additional properties 'prots' not allowed
    compose.yaml:4:5: warning: services.web.prots: did you mean 'ports'?
    compose.yaml:12:1: error: network:  additional properties 'network' not allowed
    compose.yaml:12:1: warning: network: did you mean 'networks'?
    "
    );
}

#[test]
fn profiles_filter_services() {
    let yaml = "services:\n  backend:\n    image: backend\n  db:\n    image: mysql\n    profiles: [db]\n    networks: [dbnet]\n  phpmyadmin:\n    image: phpmyadmin\n    profiles: [debug]\n    depends_on: [db]\nnetworks:\n  dbnet:\n";
    check!(&[("compose.yaml", yaml)], @"
    name: proj
    services:
      backend:
        image: backend
        networks:
          - default
    disabled: [db, phpmyadmin]
    networks:
      default: name=proj_default
    ");
    let mut o = opts();
    o.profiles = vec!["debug".into()];
    check!(&[("compose.yaml", yaml)], o, @r#"
    name: proj
    services:
      backend:
        image: backend
        networks:
          - default
      phpmyadmin:
        image: phpmyadmin
        profiles: [debug]
        networks:
          - default
        depends_on:
          db:
            condition: service_started
            required: true
    disabled: [db]
    networks:
      default: name=proj_default
    ---
    compose.yaml:11:18: error: services.phpmyadmin.depends_on.db: service "phpmyadmin" depends on undefined service "db": invalid compose project
    "#);
    let mut o = opts();
    o.env = env(&[("COMPOSE_PROFILES", "debug,db")]);
    check!(&[("compose.yaml", yaml)], o, @"
    name: proj
    services:
      backend:
        image: backend
        networks:
          - default
      db:
        image: mysql
        profiles: [db]
        networks:
          - dbnet
      phpmyadmin:
        image: phpmyadmin
        profiles: [debug]
        networks:
          - default
        depends_on:
          db:
            condition: service_started
            required: true
    networks:
      dbnet: name=proj_dbnet
      default: name=proj_default
    ");
}

#[test]
fn depends_on_a_disabled_service_that_is_not_required() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    depends_on:\n      tools:\n        condition: service_started\n        required: false\n  tools:\n    image: busybox\n    profiles: [tools]\n",
        )],
        @"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
        depends_on:
          tools:
            condition: service_started
            required: false
    disabled: [tools]
    networks:
      default: name=proj_default
    "
    );
}

#[test]
fn extends_in_the_same_file_and_from_another_file() {
    check!(
        &[
            (
                "compose.yaml",
                "services:\n  base:\n    image: base\n    environment: [A=1, B=2]\n    ports: ['8080:80']\n    depends_on: [db]\n  web:\n    extends: base\n    environment:\n      B: 3\n    ports: ['8081:80']\n    command: run web\n  worker:\n    extends:\n      file: common/services.yaml\n      service: worker\n    hostname: worker\n  db:\n    image: postgres\n",
            ),
            (
                "common/services.yaml",
                "services:\n  worker:\n    image: worker:1\n    env_file: worker.env\n    volumes: ['./cache:/cache']\n    command: [\"celery\", \"worker\"]\n",
            ),
            ("common/worker.env", "QUEUE=high\n"),
        ],
        @r#"
    name: proj
    services:
      base:
        image: base
        networks:
          - default
        ports:
          - 8080:80/tcp
        depends_on:
          db:
            condition: service_started
            required: true
        environment:
          A: "1"
          B: "2"
      db:
        image: postgres
        networks:
          - default
      web:
        image: base
        command: [run, web]
        networks:
          - default
        ports:
          - 8080:80/tcp
          - 8081:80/tcp
        depends_on:
          db:
            condition: service_started
            required: true
        environment:
          A: "1"
          B: "3"
      worker:
        image: worker:1
        hostname: worker
        command: [celery, worker]
        networks:
          - default
        volumes:
          - bind /proj/common/cache:/cache
        environment:
          QUEUE: "high"
    networks:
      default: name=proj_default
    "#
    );
}

#[test]
fn extends_errors() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n  c:\n    extends: nowhere\n  d:\n    extends:\n      file: missing.yaml\n      service: x\n",
        )],
        @r#"
    name: proj
    services:
      a:
        image: x
        networks:
          - default
      b:
        image: x
        networks:
          - default
      c:
        networks:
          - default
      d:
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:4:14: error: services.a.extends: Circular reference:
      a in /proj/compose.yaml
      extends b in /proj/compose.yaml
      extends a in /proj/compose.yaml
    compose.yaml:7:14: error: services.b.extends: Circular reference:
      b in /proj/compose.yaml
      extends a in /proj/compose.yaml
      extends b in /proj/compose.yaml
    compose.yaml:9:14: error: services.c.extends: cannot extend service "c" in /proj/compose.yaml: service "nowhere" not found
    compose.yaml:12:13: error: open /proj/missing.yaml: no such file or directory
    "#
    );
}

#[test]
fn include_with_its_own_directory_and_env() {
    check!(
        &[
            (
                "compose.yaml",
                "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n",
            ),
            (
                "db/compose.yaml",
                "services:\n  db:\n    image: postgres:${PG_VERSION}\n    volumes: ['./data:/var/lib/postgresql/data', 'dbdata:/backup']\nvolumes:\n  dbdata:\n",
            ),
            ("db/.env", "PG_VERSION=16\n"),
        ],
        @"
    name: proj
    services:
      db:
        image: postgres:16
        networks:
          - default
        volumes:
          - bind /proj/db/data:/var/lib/postgresql/data
          - volume dbdata:/backup
      web:
        image: nginx
        networks:
          - default
        depends_on:
          db:
            condition: service_started
            required: true
    networks:
      default: name=proj_default
    volumes:
      dbdata: name=proj_dbdata
    "
    );
}

#[test]
fn include_errors() {
    check!(
        &[
            (
                "compose.yaml",
                "include:\n  - other.yaml\n  - missing.yaml\nservices:\n  web:\n    image: nginx\n",
            ),
            ("other.yaml", "services:\n  web:\n    image: httpd\n"),
        ],
        @"
    name: proj
    services:
      web:
        image: nginx
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:5:3: error: services.web conflicts with imported resource
    compose.yaml:3:5: error: open /proj/missing.yaml: no such file or directory
    "
    );
}

#[test]
fn merge_of_several_files() {
    let mut o = opts();
    o.files = vec!["compose.yaml".into(), "override.yaml".into()];
    check!(
        &[
            (
                "compose.yaml",
                "services:\n  web:\n    image: nginx\n    command: [nginx, -g, daemon off;]\n    ports: ['80:80', '443:443']\n    expose: [9000]\n    dns: 8.8.8.8\n    environment:\n      A: 1\n      B: 2\n    networks: [front]\n    labels: [x=1]\n    healthcheck:\n      test: [CMD, curl, localhost]\n      interval: 5s\n  cache:\n    image: redis\n    ports: ['6379:6379']\n    labels: [a=1]\nnetworks:\n  front:\n  back:\n",
            ),
            (
                "override.yaml",
                "services:\n  web:\n    command: nginx-debug -g 'daemon off;'\n    ports: ['80:80', '8080:8080']\n    expose: ['9000', 9001]\n    dns: [1.1.1.1, 8.8.8.8]\n    environment: [B=3, C=4]\n    networks:\n      back:\n        aliases: [api]\n    labels:\n      x: 2\n    healthcheck:\n      test: [CMD, wget, localhost]\n  cache:\n    ports: !override ['6380:6379']\n    labels: !reset []\n",
            ),
        ],
        o,
        @r#"
    name: proj
    services:
      cache:
        image: redis
        networks:
          - default
        ports:
          - 6380:6379/tcp
      web:
        image: nginx
        command: [nginx-debug, -g, "daemon off;"]
        networks:
          - front
          - back aliases=[api]
        ports:
          - 80:80/tcp
          - 443:443/tcp
          - 8080:8080/tcp
        expose: [9000, 9001]
        healthcheck: test=[CMD, wget, localhost] interval=5s
        dns: [8.8.8.8, 1.1.1.1]
        environment:
          A: "1"
          B: "3"
          C: "4"
        labels:
          x: "2"
    networks:
      back: name=proj_back
      default: name=proj_default
      front: name=proj_front
    "#
    );
}

#[test]
fn env_file_and_environment() {
    let mut o = opts();
    o.env = env(&[("FROM_HOST", "host-value")]);
    check!(
        &[
            (
                "compose.yaml",
                "services:\n  web:\n    image: nginx\n    env_file:\n      - web.env\n      - path: optional.env\n        required: false\n    environment:\n      - FROM_HOST\n      - NOT_IN_HOST\n      - OVERRIDDEN=by-environment\n  broken:\n    image: nginx\n    env_file: missing.env\n",
            ),
            ("web.env", "# web settings\nOVERRIDDEN=by-file\nFILE_ONLY=\"quoted # not a comment\"\n"),
        ],
        o,
        @r#"
    name: proj
    services:
      broken:
        image: nginx
        networks:
          - default
      web:
        image: nginx
        networks:
          - default
        environment:
          FILE_ONLY: "quoted # not a comment"
          FROM_HOST: "host-value"
          NOT_IN_HOST: (unset)
          OVERRIDDEN: "by-environment"
    networks:
      default: name=proj_default
    ---
    compose.yaml:14:15: error: services.broken.env_file[0]: env file /proj/missing.env not found: stat /proj/missing.env: no such file or directory
    "#
    );
}

#[test]
fn durations_and_replicas() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    scale: 3\n    stop_grace_period: 1m30s\n    healthcheck:\n      test: [CMD-SHELL, curl -f localhost]\n      interval: 10\n      timeout: abc\n      start_interval: 2s\n  worker:\n    image: worker\n    scale: 2\n    deploy:\n      replicas: 3\n  off:\n    image: x\n    deploy:\n      replicas: 0\n",
        )],
        @r#"
    name: proj
    services:
      off:
        image: x
        replicas: 0
        networks:
          - default
      web:
        image: nginx
        replicas: 3
        networks:
          - default
        healthcheck: test=[CMD-SHELL, "curl -f localhost"] start_interval=2s
        stop_grace_period: 1m30s
      worker:
        image: worker
        replicas: 3
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:8:17: error: services.web.healthcheck.interval must be a string
    compose.yaml:13:5: error: services.worker: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project
    compose.yaml:9:16: error: services.web.healthcheck.timeout: time: invalid duration "abc"
    "#
    );
}

#[test]
fn x_composenet_behaviour_and_scenario() {
    check!(
        &[(
            "compose.yaml",
            "x-composenet:\n  title: WordPress waits for MySQL\n  description: depends_on orders starts only\n  engine: \"27\"\n  author: me\nservices:\n  db:\n    image: mysql:8\n    x-composenet:\n      ready_after: 20s\n  wordpress:\n    image: wordpress\n    labels:\n      composenet.retry_interval: 3s\n    x-composenet:\n      connects: [db:3306, redis]\n      on_connect_failure: exit\n      exit_code: 1\n      exit_after: 10\n      speed: fast\n      writes: [\"shop.items(id, name) = 1, tea | 2, cake\"]\n",
        )],
        @r#"
    name: proj
    x-composenet:
      title: WordPress waits for MySQL
      description: depends_on orders starts only
      engine: 27
    services:
      db:
        image: mysql:8
        networks:
          - default
        x-composenet: ready_after=20s
      wordpress:
        image: wordpress
        networks:
          - default
        labels:
          composenet.retry_interval: "3s"
        x-composenet: exit_code=1 connects=[db:3306, redis] on_connect_failure=exit retry_interval=3s writes=shop.items
    networks:
      default: name=proj_default
    ---
    compose.yaml:19:19: warning: services.wordpress.x-composenet.exit_after: exit_after: a bare number has no unit; write it like 20s or 1m30s
    compose.yaml:20:7: warning: services.wordpress.x-composenet.speed: unknown key "speed" in x-composenet (known: ready_after, exit_after, exit_code, connects, on_connect_failure, retry_interval, listen, writes, upstream, resolve_upstream)
    compose.yaml:5:3: warning: x-composenet.author: unknown key "author" in x-composenet (known: title, description, engine)
    "#
    );
}

// YAML-level problems, anchors, name patterns, robustness and the limits
// on hostile input live in their own file, to keep each file small.
mod yaml_and_limits;
