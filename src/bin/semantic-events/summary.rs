//! The summary printed on standard error after a run.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rustc_hash::FxHashMap;
use semantic_events::{Report, Severity};

use crate::run::Outcome;

/// Distinct custom event names counted one by one; past that they are pooled.
const CUSTOM_NAMES_KEPT: usize = 100;

/// Whether a report fails at the given least severity.
pub(crate) fn fails(report: &Report, fail_on: Severity) -> bool {
    match fail_on {
        Severity::Error => !report.is_valid(),
        Severity::Warning => !report.violations().is_empty(),
    }
}

/// Counts for the summary.
#[derive(Default)]
pub(crate) struct Summary {
    records: u64,
    valid: u64,
    invalid: u64,
    unparsable: u64,
    warnings: u64,
    semantic: u64,
    pub(crate) failing: u64,
    bytes: u64,
    by_code: BTreeMap<&'static str, u64>,
    /// Hashed, not ordered: looked up on every call (sorted when printed).
    by_semantic: FxHashMap<&'static str, u64>,
    /// Custom event names, the first [`CUSTOM_NAMES_KEPT`] distinct ones.
    by_event: FxHashMap<String, u64>,
    /// Custom events past those.
    other_custom: u64,
    /// Calls of another type than track, by type.
    by_call: BTreeMap<&'static str, u64>,
}

impl Summary {
    pub(crate) fn add(&mut self, o: &Outcome, fail_on: Severity) {
        let r = &o.report;
        self.records += 1;
        self.bytes += o.bytes as u64 + 1;
        if r.is_invalid_json() {
            self.unparsable += 1;
        } else if r.is_valid() {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        self.warnings += r.warnings().count() as u64;
        if fails(r, fail_on) {
            self.failing += 1;
        }
        for v in r.violations() {
            *self.by_code.entry(v.code().into()).or_default() += 1;
        }
        match r.call_type() {
            _ if o.record.is_empty_batch() => {
                *self.by_call.entry("empty batch").or_default() += 1;
            }
            Some(_) if r.is_track() => self.add_event(r),
            Some(call) => *self.by_call.entry(call).or_default() += 1,
            None => self.add_event(r),
        }
    }

    fn add_event(&mut self, r: &Report) {
        match (r.event(), r.event_name()) {
            (Some(e), _) => {
                self.semantic += 1;
                *self.by_semantic.entry(e.name).or_default() += 1;
            }
            (None, Some(name)) => {
                // Looked up before anything is allocated: most names were seen.
                if let Some(n) = self.by_event.get_mut(name) {
                    *n += 1;
                } else if self.by_event.len() < CUSTOM_NAMES_KEPT {
                    self.by_event.insert(name.to_owned(), 1);
                } else {
                    self.other_custom += 1;
                }
            }
            (None, None) => {
                let key = if r.is_invalid_json() {
                    "(unparsable)"
                } else {
                    "(no event name)"
                };
                *self.by_semantic.entry(key).or_default() += 1;
            }
        }
    }

    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn print(&self, seconds: f64) {
        let mut err = io::stderr().lock();
        let _ = writeln!(
            err,
            "records: {}  valid: {}  invalid: {}  unparsable: {}  warnings: {}",
            self.records, self.valid, self.invalid, self.unparsable, self.warnings
        );
        if self.records > 0 {
            let share = 100.0 * self.semantic as f64 / self.records as f64;
            let _ = writeln!(err, "semantic events: {share:.1}% of records");
        }
        if !self.by_call.is_empty() {
            let calls: Vec<String> = self
                .by_call
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            let _ = writeln!(err, "other calls: {}", calls.join(", "));
        }
        print_table(
            &mut err,
            "by code:",
            32,
            self.by_code.iter().map(|(k, n)| (*k, *n)),
        );
        let custom: Vec<(String, u64)> = self
            .by_event
            .iter()
            .map(|(name, n)| (format!("(custom) {name}"), *n))
            .chain(
                (self.other_custom > 0)
                    .then(|| ("(other custom events)".into(), self.other_custom)),
            )
            .collect();
        let mut events: Vec<(&str, u64)> = self
            .by_semantic
            .iter()
            .map(|(k, n)| (*k, *n))
            .chain(custom.iter().map(|(k, n)| (k.as_str(), *n)))
            .collect();
        events.sort_unstable();
        print_table(&mut err, "by event:", 40, events.into_iter());
        print_throughput(&mut err, self.bytes, self.records, seconds);
    }
}

/// The run's throughput line.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn print_throughput(out: &mut impl Write, bytes: u64, records: u64, seconds: f64) {
    let secs = seconds.max(1e-9);
    let _ = writeln!(
        out,
        "throughput: {:.1} MB/s, {:.0} records/s ({:.2} s)",
        bytes as f64 / secs / 1e6,
        records as f64 / secs,
        seconds
    );
}

/// A titled two-column table, or nothing when it has no row.
pub(crate) fn print_table<'a>(
    out: &mut impl Write,
    title: &str,
    width: usize,
    rows: impl Iterator<Item = (&'a str, u64)>,
) {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "{title}");
    for (key, n) in rows {
        let _ = writeln!(out, "  {key:<width$} {n}");
    }
}
