//! Validates files of track calls with the library alone (no CLI feature) and
//! prints each call's verdict: a small program to copy from.
//!
//! ```sh
//! cargo run --release --example validate -- spec/examples/events.ndjson
//! ```
//!
//! Reads NDJSON, JSON arrays, single calls and batches through
//! [`semantic_events::stream::Records`]. Exit status: 0 when no call has an
//! error, 1 when one does, 2 when a file cannot be read.

use std::io::BufReader;
use std::process::ExitCode;

use semantic_events::Validator;
use semantic_events::stream::Records;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: validate FILE...");
        return ExitCode::from(2);
    }
    let validator = Validator::new().capture_event_name(true);
    let (mut calls, mut invalid, mut io_error) = (0usize, 0usize, false);
    for path in &paths {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{path}: cannot read: {e}");
                io_error = true;
                continue;
            }
        };
        for record in Records::new(BufReader::new(file)) {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{path}: read error: {e}");
                    io_error = true;
                    break;
                }
            };
            calls += 1;
            let report = validator.validate_slice(record.call());
            let name = match (report.event(), report.event_name()) {
                (Some(e), _) => e.name,
                (None, Some(sent)) => sent,
                (None, None) if report.is_invalid_json() => "(not JSON)",
                (None, None) => "(no event name)",
            };
            let verdict = if report.is_valid() {
                "valid"
            } else {
                "INVALID"
            };
            println!("{path}:{}: {name}: {verdict}", record.line);
            for v in report.violations() {
                println!("    {} [{}] {v}", v.severity(), v.code());
            }
            invalid += usize::from(!report.is_valid());
        }
    }
    println!(
        "{calls} calls, {} valid, {invalid} invalid",
        calls - invalid
    );
    if io_error {
        ExitCode::from(2)
    } else if invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
