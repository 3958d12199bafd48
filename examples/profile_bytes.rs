//! Validates a file's lines in a loop, for profilers (`perf record`, callgrind).
//!
//! ```sh
//! cargo run --release --example corpus -- 8M > /tmp/corpus.ndjson
//! perf record -g target/release/examples/profile_bytes /tmp/corpus.ndjson 20
//! valgrind --tool=callgrind target/release/examples/profile_bytes /tmp/corpus.ndjson 1 skip
//! ```
//!
//! The third argument picks what runs: `report` (default, the full report),
//! `valid` (`is_valid_slice`) or `skip` (`serde_json` skipping the bytes, the floor).

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "spec/examples/events.ndjson".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let mode = args.next().unwrap_or_else(|| "report".into());
    let text = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let validator = semantic_events::Validator::new();
    let lines: Vec<&[u8]> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let started = std::time::Instant::now();
    let mut errors = 0;
    for _ in 0..rounds {
        for l in &lines {
            errors += match mode.as_str() {
                "skip" => usize::from(serde_json::from_slice::<serde::de::IgnoredAny>(l).is_err()),
                "valid" => usize::from(!validator.is_valid_slice(l)),
                _ => validator.validate_slice(l).errors().count(),
            };
        }
    }
    let secs = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss)]
    let mbs = (text.len() * rounds) as f64 / secs / 1e6;
    println!("{errors} errors; {mbs:.0} MB/s");
}
