//! What is printed per record on standard output.

use std::io::Write;

use anyhow::Result;
use semantic_events::{Severity, Violation};
use serde::Serialize;

use crate::args::{Format, ValidateArgs};
use crate::run::Outcome;

/// One record in `--format json`: where it came from, what it was recognised
/// as, and its violations as the library serialises them (with `expected` and
/// `found` where the violation says).
#[derive(Serialize)]
struct JsonRecord<'a> {
    source: &'a str,
    line: usize,
    index: usize,
    event: Option<&'a str>,
    semantic: Option<&'static str>,
    category: Option<&'static str>,
    valid: bool,
    violations: Vec<&'a Violation>,
}

/// Prints one record's violations (text) or the record (JSON).
pub(crate) fn write_outcome(
    out: &mut impl Write,
    source: &str,
    o: &Outcome,
    args: &ValidateArgs,
    color: bool,
) -> Result<()> {
    let r = &o.report;
    let shown = r
        .violations()
        .iter()
        .filter(|v| !args.errors_only || v.is_error());
    match args.format {
        Format::Json => {
            let record = JsonRecord {
                source,
                line: o.record.line,
                index: o.record.index,
                event: r.event_name(),
                semantic: r.event().map(|e| e.name),
                category: r.category().map(Into::into),
                valid: r.is_valid(),
                violations: shown.collect(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        Format::Text => {
            let event = r.event().map(|e| e.name).or(r.event_name()).unwrap_or("-");
            for v in shown {
                let (start, end) = match (color, v.severity()) {
                    (false, _) => ("", ""),
                    (true, Severity::Error) => ("\x1b[31m", "\x1b[0m"),
                    (true, Severity::Warning) => ("\x1b[33m", "\x1b[0m"),
                };
                writeln!(
                    out,
                    "{source}:{}: {event}: {v} {start}[{}]{end}",
                    o.record.line,
                    v.code()
                )?;
            }
        }
    }
    Ok(())
}
