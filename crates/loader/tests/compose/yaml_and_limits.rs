//! The compose loader on YAML-level problems, anchors and merge keys,
//! container-name patterns, arbitrary input, and the limits that keep
//! hostile input from crashing, hanging or exhausting memory.

use super::*;

#[test]
fn yaml_problems() {
    check!(&[("compose.yaml", "services:\n  web:\n    image: [nginx\n    ports: []\n")], @"
    (no project)
    ---
    compose.yaml:4:10: error: yaml: line 4: did not find expected ',' or ']' (while parsing a flow sequence at line 3)
    ");
    check!(&[("compose.yaml", "services:\n  web:\n    image: nginx\n    image: httpd\n")], @r#"
    name: proj
    services:
      web:
        image: httpd
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:4:5: error: yaml: unmarshal errors:
      line 4: mapping key "image" already defined at line 3
    "#);
    check!(&[("compose.yaml", "")], @"
    name: proj
    services:
    ---
    compose.yaml: error: empty compose file
    ");
    check!(&[("compose.yaml", "- just\n- a list\n")], @"
    (no project)
    ---
    compose.yaml:1:1: error: top-level object must be a mapping
    ");
    check!(&[("compose.yaml", "services:\n")], @"
    name: proj
    services:
    ---
    compose.yaml:1:10: error: services must be a mapping
    ");
    check!(&[("compose.yaml", "name: x\n")], @"
    name: x
    services:
    ");
}

#[test]
fn anchors_and_merge_keys() {
    check!(
        &[(
            "compose.yaml",
            "x-common: &common\n  restart: always\n  environment: &env\n    TZ: UTC\nx-net: &net {networks: [front]}\nservices:\n  a:\n    <<: [*common, *net]\n    image: a\n  b:\n    <<: *common\n    image: b\n    restart: \"no\"\n    environment:\n      <<: *env\n      EXTRA: 1\nnetworks:\n  front:\n",
        )],
        @r#"
    name: proj
    services:
      a:
        image: a
        networks:
          - front
        restart: always
        environment:
          TZ: "UTC"
      b:
        image: b
        networks:
          - default
        restart: no
        environment:
          EXTRA: "1"
          TZ: "UTC"
    networks:
      default: name=proj_default
      front: name=proj_front
    "#
    );
}

#[test]
fn merge_key_to_a_scalar_is_refused() {
    check!(&[("compose.yaml", "x-s: &s not-a-map\nservices:\n  a:\n    <<: *s\n    image: a\n")], @"
    (no project)
    ---
    compose.yaml:4:9: error: failed to parse /proj/compose.yaml: yaml: map merge requires map or sequence of maps as the value
    ");
}

#[test]
fn container_name_pattern() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  a:\n    image: x\n    container_name: \"@\"\n  b:\n    image: x\n    container_name: my app\n",
        )],
        @"
    name: proj
    services:
      a:
        image: x
        container_name: @
        networks:
          - default
      b:
        image: x
        container_name: my app
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:4:21: error: services.a.container_name '@' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'
    compose.yaml:4:21: warning: services.a.container_name: the engine will refuse this name when the container is created: Invalid container name (@), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
    compose.yaml:7:21: warning: services.b.container_name: the engine will refuse this name when the container is created: Invalid container name (my app), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
    "
    );
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    const FRAGMENTS: &[&str] = &[
        "services:",
        "web:",
        "db:",
        "image: nginx",
        "ports:",
        "- \"80:80\"",
        "- 8000-8002:80",
        "networks:",
        "- front",
        "front:",
        "default:",
        "depends_on:",
        "- db",
        "condition: service_healthy",
        "extends: db",
        "extends:",
        "file: other.yaml",
        "service: web",
        "<<: *a",
        "x: &a {image: x}",
        "!reset",
        "!override",
        "include:",
        "- other.yaml",
        "volumes:",
        "- ./a:/a",
        "- data:/data",
        "network_mode: service:db",
        "links: [db]",
        "environment:",
        "A: ${X:-1}",
        "B: $$",
        "- C=${Y?}",
        "healthcheck:",
        "test: [CMD, true]",
        "interval: 1m",
        "profiles: [p]",
        "scale: 2",
        "container_name: c",
        "x-composenet:",
        "ready_after: 2s",
        "connects: [db:1]",
        "name: ${N}",
        "[",
        "{",
        "}",
        "]",
        "*b",
        "&b",
        "'",
        "\"",
        ":",
        "- ",
        "? ",
        "---",
        "...",
    ];

    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec((0usize..4, 0..FRAGMENTS.len()), 0..25).prop_map(|lines| {
            lines
                .into_iter()
                .map(|(indent, f)| format!("{}{}", "  ".repeat(indent), FRAGMENTS[f]))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever the text, loading ends with a result, never a panic.
        #[test]
        fn any_text_loads_without_panicking(main in document(), other in document()) {
            let mut fs = MemorySource::new();
            fs.insert("/p/compose.yaml", main);
            fs.insert("/p/other.yaml", other);
            let o = LoadOptions { working_dir: "/p".into(), ..LoadOptions::default() };
            let loaded = load(&o, &fs);
            if loaded.project.is_none() {
                prop_assert!(loaded.has_errors());
            }
        }

        #[test]
        fn arbitrary_bytes_load_without_panicking(text in "[ -~\n\t]{0,300}") {
            let mut fs = MemorySource::new();
            fs.insert("/p/compose.yaml", text);
            let o = LoadOptions { working_dir: "/p".into(), ..LoadOptions::default() };
            let _ = load(&o, &fs);
        }
    }
}

/// `${A:-` `n` times, `inner`, then `}` `n` times.
fn nested_defaults(n: usize, inner: &str) -> String {
    format!("{}{inner}{}", "${A:-".repeat(n), "}".repeat(n))
}

#[test]
fn interpolation_nesting_is_bounded() {
    // As deep as allowed: the innermost default wins.
    let ok = format!(
        "services:\n  w:\n    image: '{}'\n",
        nested_defaults(100, "alpine")
    );
    check!(&[("compose.yaml", ok.as_str())], @"
    name: proj
    services:
      w:
        image: alpine
        networks:
          - default
    networks:
      default: name=proj_default
    ");
    // 16 000 deep used to overflow the stack. (In an extension field, which
    // is interpolated but not shown.)
    let deep = format!(
        "services:\n  w:\n    image: alpine\nx-deep: '{}'\n",
        nested_defaults(16_000, "x")
    );
    check!(&[("compose.yaml", deep.as_str())], @"
    name: proj
    services:
      w:
        image: alpine
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:4:9: error: error while interpolating x-deep: substitutions are nested more than 100 levels deep
    ");
}

#[test]
fn interpolated_values_are_bounded() {
    // Each variable doubles the one before: A39 would be 8 TiB.
    let mut dotenv = String::from("A0=0123456789abcdef\n");
    for i in 1..40 {
        dotenv.push_str(&format!("A{i}=${{A{}}}${{A{}}}\n", i - 1, i - 1));
    }
    check!(
        &[
            ("compose.yaml", "services:\n  w:\n    image: alpine\n    environment:\n      X: ${A39}\n"),
            (".env", dotenv.as_str()),
        ],
        @r#"
    name: proj
    services:
      w:
        image: alpine
        networks:
          - default
        environment:
          X: ""
    networks:
      default: name=proj_default
    ---
    error: failed to read /proj/.env: A14: the value would be longer than 128 KiB (the most Linux passes to a container in one variable or argument)
    compose.yaml:5:10: warning: services.w.environment.X: The "A39" variable is not set. Defaulting to a blank string.
    "#
    );
    // A value just under the limit, referred to from many places: the
    // total is bounded, and said once.
    let big = "x".repeat(100 * 1024);
    let refs = "  - ${BIG}\n".repeat(200);
    let compose = format!("services:\n  w:\n    image: alpine\nx-copies:\n{refs}");
    check!(
        &[("compose.yaml", compose.as_str())],
        LoadOptions { env: env(&[("BIG", &big)]), ..opts() },
        @"
    name: proj
    services:
      w:
        image: alpine
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:168:5: error: x-copies[163]: error while interpolating x-copies.[]: substitutions would produce more than 16 MiB in all
    "
    );
}

#[test]
fn each_included_file_is_loaded_once() {
    // Every file includes the next one twice: 2^30 loads without a cache.
    let mut files: Vec<(String, String)> = (0..30)
        .map(|i| {
            let name = if i == 0 { "compose.yaml".to_string() } else { format!("f{i}.yaml") };
            let text = format!(
                "include:\n  - f{next}.yaml\n  - path: f{next}.yaml\nservices:\n  s{i}:\n    image: alpine\n",
                next = i + 1
            );
            (name, text)
        })
        .collect();
    files.push((
        "f30.yaml".into(),
        "services:\n  last:\n    image: alpine\n".into(),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let loaded = render(&files, opts());
    let services = loaded
        .lines()
        .filter(|l| l.starts_with("  s") || l.starts_with("  last"))
        .count();
    assert_eq!(services, 31, "{loaded}");
    assert!(!loaded.contains("error"), "{loaded}");
    // With a different env_file on each path, every file is still loaded
    // once per environment: here that doubles at each level, and the
    // number of loads is bounded.
    let mut files: Vec<(String, String)> = (0..12)
        .map(|i| {
            let name = if i == 0 { "compose.yaml".to_string() } else { format!("g{i}.yaml") };
            let text = format!(
                "include:\n  - path: g{next}.yaml\n    env_file: a{i}.env\n  - path: g{next}.yaml\n    env_file: b{i}.env\n",
                next = i + 1
            );
            (name, text)
        })
        .collect();
    for i in 0..12 {
        files.push((format!("a{i}.env"), format!("V{i}=a\n")));
        files.push((format!("b{i}.env"), format!("V{i}=b\n")));
    }
    files.push((
        "g12.yaml".into(),
        "services:\n  last:\n    image: alpine\n".into(),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    check!(&files, @"
    name: proj
    services:
      last:
        image: alpine
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    g10.yaml:4:5: error: include[1]: too many includes: a project may load at most 1000 included file sets
    ");
}

#[test]
fn replicas_are_bounded() {
    // No service is over the limit alone; together they are.
    check!(
        &[(
            "compose.yaml",
            "services:\n  a:\n    image: alpine\n    scale: 6000\n  b:\n    image: alpine\n    deploy:\n      replicas: 5000\n",
        )],
        @"
    name: proj
    services:
      a:
        image: alpine
        replicas: 6000
        networks:
          - default
      b:
        image: alpine
        replicas: 5000
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:8:17: error: services.b: 5000 replicas would bring the project to 11000 containers; composenet simulates at most 10000
    "
    );
    check!(
        &[(
            "compose.yaml",
            "services:\n  a:\n    image: alpine\n    scale: 1000000\n  b:\n    image: alpine\n    deploy:\n      replicas: 6000\n  c:\n    image: alpine\n    deploy:\n      replicas: 5000\n",
        )],
        @"
    name: proj
    services:
      a:
        image: alpine
        replicas: 1000000
        networks:
          - default
      b:
        image: alpine
        replicas: 6000
        networks:
          - default
      c:
        image: alpine
        replicas: 5000
        networks:
          - default
    networks:
      default: name=proj_default
    ---
    compose.yaml:4:12: error: services.a: 1000000 replicas would bring the project to 1000000 containers; composenet simulates at most 10000
    "
    );
}

#[test]
fn health_check_durations_follow_the_engine() {
    check!(
        &[(
            "compose.yaml",
            "services:\n  zero:\n    image: alpine\n    healthcheck:\n      test: [CMD, 'true']\n      interval: 0s\n      timeout: 0s\n      start_interval: 0s\n  tiny:\n    image: alpine\n    healthcheck:\n      test: [CMD, 'true']\n      interval: 1ns\n      timeout: 999us\n      start_period: 1us\n      start_interval: 500us\n  fine:\n    image: alpine\n    healthcheck:\n      test: [CMD, 'true']\n      interval: 1ms\n    x-composenet:\n      connects: [zero:80]\n      retry_interval: 0s\n",
        )],
        @r#"
    name: proj
    services:
      fine:
        image: alpine
        networks:
          - default
        healthcheck: test=[CMD, true] interval=1ms
        x-composenet: connects=[zero:80]
      tiny:
        image: alpine
        networks:
          - default
        healthcheck: test=[CMD, true]
      zero:
        image: alpine
        networks:
          - default
        healthcheck: test=[CMD, true] interval=0s timeout=0s start_interval=0s
    networks:
      default: name=proj_default
    ---
    compose.yaml:24:23: warning: services.fine.x-composenet.retry_interval: retry_interval: "0s" is too short: an app waits at least 1ms between attempts
    compose.yaml:13:17: error: services.tiny.healthcheck.interval: Interval in Healthcheck cannot be less than 1ms
    compose.yaml:14:16: error: services.tiny.healthcheck.timeout: Timeout in Healthcheck cannot be less than 1ms
    compose.yaml:15:21: error: services.tiny.healthcheck.start_period: StartPeriod in Healthcheck cannot be less than 1ms
    compose.yaml:16:23: error: services.tiny.healthcheck.start_interval: StartInterval in Healthcheck cannot be less than 1ms
    "#
    );
}

#[test]
fn errors_name_list_items_as_written() {
    // The range before expands to two ports and the invalid entry is
    // dropped; the errors still name the items the user wrote.
    check!(
        &[(
            "compose.yaml",
            "services:\n  w:\n    image: alpine\n    ports:\n      - \"bad::\"\n      - \"8000-8001:80-81\"\n      - target: 80\n        published: zz\n      - \"80:abc\"\n",
        )],
        @"
    name: proj
    services:
      w:
        image: alpine
        networks:
          - default
        ports:
          - 8000:80/tcp
          - 8001:81/tcp
          - zz:80/tcp
    networks:
      default: name=proj_default
    ---
    compose.yaml:5:9: error: services.w.ports[0]: invalid IP address: bad
    compose.yaml:9:9: error: services.w.ports[3]: invalid containerPort: abc
    compose.yaml:7:9: error: services.w.ports[2].published: invalid hostPort: zz
    "
    );
}

/// The diagnostics `render` gives for `text` as `compose.yaml`, one per line.
fn problems(text: &str) -> Vec<String> {
    let out = render(&[("compose.yaml", text)], opts());
    let (_, problems) = out.split_once("---\n").unwrap_or_default();
    problems.lines().map(str::to_string).collect()
}

#[test]
fn long_dependency_chains_are_searched_on_a_stack_of_their_own() {
    // s0 -> s1 -> ... -> s9999 -> s9998: the search for a cycle went one
    // call deeper per service, and a chain this long overflowed a test
    // thread's stack (a longer one, the main thread's).
    let n = 10_000;
    let mut text = String::from("services:\n");
    for i in 0..n {
        let next = if i + 1 < n { i + 1 } else { i - 1 };
        text.push_str(&format!(
            "  s{i}:\n    image: alpine\n    depends_on: [s{next}]\n"
        ));
    }
    assert_eq!(
        problems(&text),
        ["compose.yaml:2:3: error: services.s0.depends_on: dependency cycle detected: s9998 -> s9999 -> s9998"]
    );
}

#[test]
fn services_are_bounded() {
    // Ten thousand services at most, even with no container each: the
    // stages after the merge add to every service. What refers to a
    // service past the limit is not said to refer to an undefined one.
    let mut text = String::from("services:\n");
    text.push_str("  s0: {image: alpine, scale: 0, depends_on: [s10000]}\n");
    text.push_str("  s1: {image: alpine, scale: 0, network_mode: 'service:s10000'}\n");
    for i in 2..10_001 {
        text.push_str(&format!("  s{i}: {{image: alpine, scale: 0}}\n"));
    }
    assert_eq!(
        problems(&text),
        ["compose.yaml:10002:3: error: services.s10000: the project defines 10001 services; composenet simulates at most 10000"]
    );
}

#[test]
fn diagnostics_are_bounded() {
    // 1 500 services without an image: the first thousand problems are
    // said, and then that there were more.
    let mut text = String::from("services:\n");
    for i in 0..1_500 {
        text.push_str(&format!("  s{i}: {{}}\n"));
    }
    let problems = problems(&text);
    assert_eq!(problems.len(), 1_001);
    assert_eq!(
        problems[0],
        "compose.yaml:2:3: error: services.s0: service \"s0\" has neither an image nor a build context specified: invalid compose project"
    );
    assert_eq!(
        problems[1_000],
        "error: too many problems: only the first 1000 are shown"
    );
}

#[test]
fn written_nodes_are_bounded() {
    // A million values at most: the root mapping, its key and the list are
    // three, so the 999 998th item is one too many. Ten megabytes of such a
    // list took a gigabyte to hold.
    let text = format!(
        "x-a: [{}1]\nservices:\n  w:\n    image: alpine\n",
        "1,".repeat(1_000_000)
    );
    assert_eq!(
        problems(&text),
        ["compose.yaml:1:2000001: error: file has too many YAML nodes (over 1000000): compose files are limited to 1000000"]
    );
}
