//! Validates NDJSON files of track calls and prints each call's verdict.
//!
//! ```sh
//! cargo run --release --example validate -- spec/examples/events.ndjson
//! ```
//!
//! One call per line (blank lines are skipped); a line that is not JSON is
//! reported as `invalid_json` and the next line is still read. Exit status: 0
//! when no call has an error, 1 when one does, 2 when a file cannot be read.

use std::io::{BufRead, BufReader};
use std::process::ExitCode;

use semantic_events::Validator;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: validate FILE.ndjson...");
        return ExitCode::from(2);
    }
    let validator = Validator::new();
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
        let mut line = Vec::new();
        let mut reader = BufReader::new(file);
        let mut number = 0;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    eprintln!("{path}:{}: read error: {e}", number + 1);
                    io_error = true;
                    break;
                }
            }
            number += 1;
            let record = line.trim_ascii();
            if record.is_empty() {
                continue;
            }
            calls += 1;
            let report = validator.validate_slice(record);
            let name = match report.event() {
                Some(e) => e.name,
                None if report.is_invalid_json() => "unparsable",
                None if report.is_track() => "custom event",
                None => "not a track call",
            };
            let verdict = if report.is_valid() {
                "valid"
            } else {
                "INVALID"
            };
            println!("{path}:{number}: {name}: {verdict}");
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
