//! `fix`: repair every input's records on the pool, write the stream in input order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use indicatif::ProgressBar;
use semantic_events::fix::{Declined, Fixer, Repair};
use semantic_events::stream::{self, Record};
use semantic_events::{Report, Violation};
use serde::Serialize;

use crate::args::{FixArgs, FixFormat};
use crate::run::{create, each_source, pool, progress, refuse_inputs_as_outputs, validator};
use crate::summary::{print_table, print_throughput};
use semantic_events::files::{Source, each_record};

/// What one record gave: the repaired call's bytes when anything changed.
struct Fixed {
    record: Record,
    repaired: Option<Vec<u8>>,
    repairs: Vec<Repair>,
    declined: Vec<Declined>,
    report: Report,
}

/// One record in `--format json`.
#[derive(Serialize)]
struct JsonRecord<'a> {
    source: &'a str,
    line: usize,
    index: usize,
    event: Option<&'a str>,
    changed: bool,
    valid: bool,
    patch: json_patch::Patch,
    repairs: &'a [Repair],
    declined: &'a [Declined],
    violations: &'a [Violation],
}

/// Counts for the summary.
#[derive(Default)]
struct Summary {
    records: u64,
    repaired: u64,
    still_invalid: u64,
    unparsable: u64,
    bytes: u64,
    repairs: BTreeMap<&'static str, u64>,
    declined: BTreeMap<&'static str, u64>,
}

impl Summary {
    fn add(&mut self, f: &Fixed) {
        self.records += 1;
        self.bytes += f.record.raw.len() as u64 + 1;
        self.repaired += u64::from(f.repaired.is_some());
        if f.report.is_invalid_json() {
            self.unparsable += 1;
        }
        if !f.report.is_valid() {
            self.still_invalid += 1;
        }
        for r in &f.repairs {
            *self.repairs.entry(r.code.into()).or_default() += 1;
        }
        for d in &f.declined {
            *self.declined.entry(d.code.into()).or_default() += 1;
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn print(&self, seconds: f64) {
        let mut err = io::stderr().lock();
        let _ = writeln!(
            err,
            "records: {}  repaired: {}  still invalid: {} (unparsable: {})  repairs: {}",
            self.records,
            self.repaired,
            self.still_invalid,
            self.unparsable,
            self.repairs.values().sum::<u64>()
        );
        print_table(
            &mut err,
            "repairs by code:",
            32,
            self.repairs.iter().map(|(k, n)| (*k, *n)),
        );
        print_table(
            &mut err,
            "left as they were (see --format json for why), by code:",
            32,
            self.declined.iter().map(|(k, n)| (*k, *n)),
        );
        print_throughput(&mut err, self.bytes, self.records, seconds);
    }
}

/// Where the results go.
struct Sinks {
    /// The repaired stream.
    stream: Option<Box<dyn Write>>,
    /// Per-record JSON.
    json: Option<BufWriter<io::StdoutLock<'static>>>,
    progress: Option<ProgressBar>,
    summary: Summary,
}

impl Sinks {
    fn new(args: &FixArgs, sources: &[Source]) -> Result<Sinks> {
        let stdout = || BufWriter::with_capacity(1 << 16, io::stdout().lock());
        let file = |f: BufWriter<File>| -> Box<dyn Write> { Box::new(f) };
        let (stream, json): (Option<Box<dyn Write>>, _) = match (args.dry_run, args.format) {
            (true, _) => (None, None),
            (false, FixFormat::Ndjson) => match &args.out {
                Some(path) => (Some(file(create(path)?)), None),
                None => (Some(Box::new(stdout())), None),
            },
            (false, FixFormat::Json) => {
                let stream = args.out.as_deref().map(create).transpose()?.map(file);
                (stream, Some(stdout()))
            }
        };
        Ok(Sinks {
            stream,
            json,
            progress: progress(sources),
            summary: Summary::default(),
        })
    }

    fn take(&mut self, source: &str, f: &Fixed) -> Result<()> {
        self.summary.add(f);
        if let Some(bar) = &self.progress {
            bar.inc(f.record.raw.len() as u64 + 1);
        }
        if let Some(w) = &mut self.stream {
            // Untouched: the call as validated, byte for byte.
            stream::write_line(f.repaired.as_deref().unwrap_or(f.record.call()), w)?;
            w.write_all(b"\n")?;
        }
        if let Some(w) = &mut self.json {
            let record = JsonRecord {
                source,
                line: f.record.line,
                index: f.record.index,
                event: f.report.event().map(|e| e.name).or(f.report.event_name()),
                changed: f.repaired.is_some(),
                valid: f.report.is_valid(),
                patch: json_patch::Patch(f.repairs.iter().map(|r| r.op.clone()).collect()),
                repairs: &f.repairs,
                declined: &f.declined,
                violations: f.report.violations(),
            };
            serde_json::to_writer(&mut *w, &record)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(mut self, started: Instant) -> Result<Summary> {
        if let Some(w) = &mut self.stream {
            w.flush()?;
        }
        if let Some(w) = &mut self.json {
            w.flush()?;
        }
        if let Some(bar) = self.progress {
            bar.finish_and_clear();
        }
        self.summary.print(started.elapsed().as_secs_f64());
        Ok(self.summary)
    }
}

/// The `fix` command: exit 0 (every record valid after repair), 1 (some are
/// not), 2 (an input could not be read; the others were still repaired).
pub(crate) fn fix(args: &FixArgs) -> Result<ExitCode> {
    let mut fixer = Fixer::new(validator(&args.check, true)?);
    if !args.only.is_empty() {
        fixer = fixer.only(args.only.iter().copied())?;
    }
    let pool = pool(&args.check)?;
    let sources = Source::all(&args.paths);
    refuse_inputs_as_outputs(&sources, &[args.out.as_deref()])?;
    let mut sinks = Sinks::new(args, &sources)?;
    let started = Instant::now();
    let io_error = each_source(&sources, |source| {
        let work = |record: Record| repair(&fixer, record);
        each_record(source, &pool, &work, &mut |f: Fixed| {
            sinks.take(&source.label, &f)
        })
    })?;
    let summary = sinks.finish(started)?;
    Ok(if io_error {
        ExitCode::from(2)
    } else if summary.still_invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Repairs one record (an empty batch stands for itself).
fn repair(fixer_of: &Fixer, record: Record) -> Fixed {
    if record.is_empty_batch() {
        let report = record.validate(fixer_of.validator());
        return Fixed {
            record,
            repaired: None,
            repairs: Vec::new(),
            declined: Vec::new(),
            report,
        };
    }
    let fixed = fixer_of.fix_slice(record.call());
    let repaired = fixed.is_changed().then(|| fixed.call.into_owned());
    let (repairs, declined, report) = (fixed.repairs, fixed.declined, fixed.report);
    Fixed {
        record,
        repaired,
        repairs,
        declined,
        report,
    }
}
