//! One criterion benchmark per stage of `composenet up` and of what the page
//! asks afterwards, on generated projects (`composenet_bench::compose_file`):
//!
//! - `parse`: the bare libyaml events of the file (the floor under `load`);
//! - `tree`: the file parsed into a generic YAML tree (serde_yaml's `Value`);
//! - `load`: the compose loader, from text to the typed project (parse,
//!   interpolate, merge, normalise, validate, convert);
//! - `lower`: the typed project to the model's `ProjectSpec`;
//! - `up`: `docker compose up -d` on a fresh host;
//! - `dns`: one embedded-DNS answer, found and not found, on a host after
//!   `up`;
//! - `reach`: every ordered pair of running containers (`explore::matrix`);
//! - `scene`: folding the event log of `up` into a scene up to step K
//!   (`Scene::at`), halfway and to the end.
//!
//! `cargo bench -p composenet-bench` runs them; `cargo bench -p
//! composenet-bench -- up` one group. `bench/compare.sh` prints the same
//! stages side by side with `docker compose config`.

use std::hint::black_box;

use composenet_bench as bench;
use composenet_model::{dns, explore, EngineVersion, Host};
use composenet_play::scene::Scene;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Project sizes (containers) for the stages that grow with the file.
const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn text(containers: usize) -> String {
    bench::compose_file(containers).0
}

fn front_end(c: &mut Criterion) {
    for (name, size) in [("parse", 0), ("tree", 3), ("load", 1), ("lower", 2)] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for &n in &SIZES {
            let text = text(n);
            let files = bench::source(&text);
            let project = bench::load(&files)
                .expect("the generated file loads")
                .project;
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| match size {
                0 => b.iter(|| bench::yaml_events(black_box(&text))),
                3 => b.iter_with_large_drop(|| bench::yaml_tree(black_box(&text))),
                1 => b.iter_with_large_drop(|| bench::load(black_box(&files))),
                _ => b.iter_with_large_drop(|| bench::lower(black_box(&project))),
            });
        }
        group.finish();
    }
}

fn up(c: &mut Criterion) {
    let mut group = c.benchmark_group("up");
    group.sample_size(10);
    for &n in &SIZES {
        let text = text(n);
        let spec = bench::lower(&bench::load(&bench::source(&text)).expect("loads").project)
            .expect("lowers");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &spec, |b, spec| {
            b.iter_with_large_drop(|| bench::up(black_box(spec)))
        });
    }
    group.finish();
}

/// A host after `up` of `n` containers.
fn host_after_up(n: usize) -> Host {
    bench::load_and_up(&text(n)).expect("the generated project comes up")
}

fn dns_lookup(c: &mut Criterion) {
    let mut group = c.benchmark_group("dns");
    for &n in &SIZES {
        let host = host_after_up(n);
        // The app of the first chain asks for its upstream by service name
        // (an answer) and for a service on another network (NXDOMAIN).
        let asker = host
            .find_container("bench-s00005-1")
            .expect("the first chain's app");
        for (label, name) in [("found", "s00004"), ("nxdomain", "s00015")] {
            group.bench_with_input(BenchmarkId::new(label, n), &name, |b, name| {
                b.iter(|| dns::answer(black_box(&host), asker, black_box(name)))
            });
        }
    }
    group.finish();
}

fn reach(c: &mut Criterion) {
    let mut group = c.benchmark_group("reach");
    group.sample_size(10);
    // Every ordered pair: quadratic by nature, so smaller projects.
    for n in [10, 100] {
        let host = host_after_up(n);
        group.throughput(Throughput::Elements((n * (n - 1)) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &host, |b, host| {
            b.iter_with_large_drop(|| explore::matrix(black_box(host)))
        });
    }
    group.finish();
}

fn scene(c: &mut Criterion) {
    let mut group = c.benchmark_group("scene");
    group.sample_size(10);
    let initial = Host::new(EngineVersion::default(), 1).snapshot();
    for n in [100, 1_000] {
        let host = host_after_up(n);
        let events = host.events();
        for (label, k) in [("half", events.len() / 2), ("end", events.len())] {
            group.bench_with_input(BenchmarkId::new(label, n), &k, |b, &k| {
                b.iter_with_large_drop(|| Scene::at(black_box(&initial), black_box(events), k))
            });
        }
    }
    group.finish();
}

criterion_group!(stages, front_end, up, dns_lookup, reach, scene);
criterion_main!(stages);
