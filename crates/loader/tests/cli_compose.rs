//! `docker compose ...` and `docker-compose ...` command lines.

#[path = "cli_support.rs"]
mod support;

/// Lexes and parses each script, rendering every command's outcome into
/// one snapshot named `name`.
fn check(name: &str, scripts: &[&str]) {
    insta::assert_snapshot!(name, support::render_all(scripts));
}

#[test]
fn compose_commands() {
    check(
        "compose_commands",
        &[
            "docker compose up -d",
            "docker compose -f docker-compose.yml -f docker-compose.admin.yml -p my_project --profile frontend --profile debug up --force-recreate --scale web=3 --scale worker=2 --wait --remove-orphans web worker",
            "docker-compose --env-file .env.dev --project-directory ./app --parallel 1 --ansi never --progress plain up --no-deps --no-start --abort-on-container-exit --exit-code-from web --timeout 5 web",
            "docker compose up -f compose.yaml -d",
            "docker compose down -v --remove-orphans --rmi local -t 3",
            "docker compose stop -t 1 db; docker compose start db; docker compose restart --no-deps web; docker compose kill -s SIGINT",
            "docker compose rm -fsv; docker compose pause web; docker compose unpause web; docker compose top",
            "docker compose ps -a -q; docker compose ps --services --format json --status running --filter status=running",
            "docker compose config -q; docker compose config --services; docker compose config --networks --no-interpolate --format json -o out.json; docker compose convert",
            "docker compose create --force-recreate web",
            "docker compose logs -f --tail 10 -t web db",
            "docker compose exec -T --index 2 -e A=1 -u root -w /srv web sh -c 'nslookup db'",
            "docker compose exec db mysql -u root -p",
            "docker compose run --rm --name one-off -e X=1 -p 8080:80 --service-ports --use-aliases --no-deps web python manage.py migrate --noinput",
            "docker compose pull; docker compose pull -q db; docker compose build --no-cache web",
            "docker compose ls -a; docker compose port --protocol udp --index 1 dns 53",
            "docker compose version --short; docker-compose --version; docker compose images -q",
            "docker compose wait --down-project web",
            "docker compose --dry-run up --build -d",
            "docker compose up --help",
        ],
    );
}

#[test]
fn compose_errors() {
    check(
        "compose_errors",
        &[
            "docker compose",
            "docker compose frobnicate",
            "docker compose watch",
            "docker compose up --frob",
            "docker compose -p MyProject up",
            "docker compose up --scale web",
            "docker compose up --scale web=x",
            "docker compose up --scale web=1000000",
            "docker compose up --scale web=6000 --scale worker=5000",
            "docker compose up -d --abort-on-container-exit",
            "docker compose up --force-recreate --no-recreate",
            "docker compose up --build --no-build",
            "docker compose exec web",
            "docker compose run",
            "docker compose port web",
            "docker compose ls extra",
            "docker compose run -p 80:abc web",
            "docker compose exec -e =bad web ls",
        ],
    );
}
