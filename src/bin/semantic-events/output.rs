//! What is printed per record on standard output.

use std::io::Write;

use anyhow::Result;
use semantic_events::stream;
use semantic_events::{Severity, Violation, vendor};
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

/// Whether a violation counts at the least severity `fail_on`.
fn counts(v: &Violation, fail_on: Severity) -> bool {
    v.severity() >= fail_on
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
        Format::Rudderstack => write_rudderstack(out, source, o, args)?,
        Format::Segment => write_segment(out, o, args)?,
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

/// The call with RudderStack's `context.violationErrors`, one line.
fn write_rudderstack(
    out: &mut impl Write,
    source: &str,
    o: &Outcome,
    args: &ValidateArgs,
) -> Result<()> {
    let forwarded = o
        .report
        .violations()
        .iter()
        .filter(|v| counts(v, args.fail_on));
    let errors = vendor::rudderstack_errors(o.record.call(), forwarded);
    let plan = args
        .vendor
        .tracking_plan_id
        .as_ref()
        .map(|id| vendor::RudderPlan {
            id: id.clone(),
            version: args.vendor.tracking_plan_version,
        });
    let annotated = if errors.is_empty() {
        None
    } else {
        let annotated = vendor::annotate_rudderstack(o.record.call(), &errors, plan.as_ref());
        if annotated.is_none() {
            eprintln!(
                "{source}:{}: violationErrors not attached: the record is not a JSON object with an object `context`; written as it was",
                o.record.line
            );
        }
        annotated
    };
    match annotated {
        Some(bytes) => stream::write_line(&bytes, &mut *out)?,
        None => o.record.write_line(&mut *out)?,
    }
    out.write_all(b"\n")?;
    Ok(())
}

/// Segment's `Violation Generated` calls, one per line.
fn write_segment(out: &mut impl Write, o: &Outcome, args: &ValidateArgs) -> Result<()> {
    let forwarded = o
        .report
        .violations()
        .iter()
        .filter(|v| counts(v, args.fail_on));
    let v = &args.vendor;
    let site = vendor::SegmentSource {
        source_id: v.source_id.clone().unwrap_or_default(),
        source_name: v.source_name.clone().unwrap_or_default(),
        source_slug: v.source_slug.clone().unwrap_or_default(),
        tracking_plan_id: v.tracking_plan_id.clone().unwrap_or_default(),
        tracking_plan_name: v.tracking_plan_name.clone().unwrap_or_default(),
    };
    for generated in vendor::segment_violations(o.record.call(), forwarded, &site) {
        serde_json::to_writer(&mut *out, &generated)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
