//! Validation throughput, side by side, on one corpus (see `support/corpus.rs`):
//!
//! - (a) `serde_json` skipping the bytes (`IgnoredAny`) — the floor;
//! - (b) `serde_json` parsing into a `Value`;
//! - (c) the `jsonschema` crate validating the exported bundle (parse included);
//! - (d) this crate's `Value` path (parse included);
//! - (e) this crate's bytes path, full report;
//! - (f) the bytes path, `is_valid` only.
//!
//! With `SEMANTIC_EVENTS_BENCH_FILE` set (as `scripts/bench.sh` sets it), also
//! (g) the bytes path's full report over that file's lines, in memory: the
//! library's own rate on the file the script then times the CLI on.
//!
//! `scripts/bench.sh` runs this and prints MB/s, events/s and the ratios.

#![allow(missing_docs)]

mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use semantic_events::{Dialect, Validator};
use serde::de::IgnoredAny;
use std::hint::black_box;

const SEED: u64 = 2026;
const BYTES: u64 = 2 << 20;

fn bench(c: &mut Criterion) {
    let lines = support::corpus::lines(SEED, BYTES);
    let total: u64 = lines.iter().map(|l| l.len() as u64 + 1).sum();
    println!("corpus: {total} bytes, {} events", lines.len());
    let validator = Validator::new();
    let bundle = jsonschema::options()
        .should_validate_formats(true)
        .build(&semantic_events::schema::bundle(Dialect::Segment))
        .expect("bundle compiles");

    let mut g = c.benchmark_group("validate");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(20);
    g.bench_function("a_serde_skip", |b| {
        b.iter(|| {
            for l in &lines {
                let _: IgnoredAny = black_box(serde_json::from_slice(l).expect("json"));
            }
        });
    });
    g.bench_function("b_serde_value", |b| {
        b.iter(|| {
            for l in &lines {
                let v: serde_json::Value = serde_json::from_slice(l).expect("json");
                black_box(v);
            }
        });
    });
    g.bench_function("c_jsonschema_crate", |b| {
        b.iter(|| {
            let mut errors = 0;
            for l in &lines {
                let v: serde_json::Value = serde_json::from_slice(l).expect("json");
                errors += bundle.iter_errors(&v).count();
            }
            black_box(errors)
        });
    });
    g.bench_function("d_value_path", |b| {
        b.iter(|| {
            let mut errors = 0;
            for l in &lines {
                let v: serde_json::Value = serde_json::from_slice(l).expect("json");
                errors += validator.validate(&v).errors().count();
            }
            black_box(errors)
        });
    });
    g.bench_function("e_bytes_report", |b| {
        b.iter(|| {
            let mut errors = 0;
            for l in &lines {
                errors += validator.validate_slice(l).errors().count();
            }
            black_box(errors)
        });
    });
    g.bench_function("f_bytes_is_valid", |b| {
        b.iter(|| {
            let mut valid = 0;
            for l in &lines {
                valid += usize::from(validator.is_valid_slice(l));
            }
            black_box(valid)
        });
    });
    g.finish();
    if let Some(path) = std::env::var_os("SEMANTIC_EVENTS_BENCH_FILE") {
        bench_file(c, &validator, std::path::Path::new(&path));
    }
}

/// (g): the library on the lines of a file, read into memory first.
fn bench_file(c: &mut Criterion, validator: &Validator, path: &std::path::Path) {
    let bytes = std::fs::read(path).expect("the bench file is readable");
    let lines: Vec<&[u8]> = bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    println!("file: {} bytes, {} events", bytes.len(), lines.len());
    let mut g = c.benchmark_group("file");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    g.bench_function("g_library_report", |b| {
        b.iter(|| {
            let mut errors = 0;
            for l in &lines {
                errors += validator.validate_slice(l).errors().count();
            }
            black_box(errors)
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
