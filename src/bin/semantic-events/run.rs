//! `validate`: read every input, validate on a thread pool, print in input order.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use semantic_events::stream::Record;
use semantic_events::{Report, Severity, Validator};

use semantic_events::files::{Source, each_record, total_bytes};

use crate::args::{CheckArgs, ValidateArgs};
use crate::output::write_outcome;
use crate::summary::{Summary, fails};

/// What one record gave.
pub(crate) struct Outcome {
    /// The record; its bytes only where they are printed or written (freed on
    /// the worker thread that read them otherwise).
    pub(crate) record: Record,
    /// The length of the record's bytes in the input.
    pub(crate) bytes: usize,
    pub(crate) report: Report,
}

/// Where records go: standard output, the partition files, the summary.
struct Sinks {
    out: BufWriter<io::StdoutLock<'static>>,
    valid_out: Option<BufWriter<File>>,
    invalid_out: Option<BufWriter<File>>,
    color: bool,
    progress: Option<ProgressBar>,
    summary: Summary,
}

impl Sinks {
    fn new(args: &ValidateArgs, sources: &[Source]) -> Result<Sinks> {
        Ok(Sinks {
            out: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            valid_out: args.valid_out.as_deref().map(create).transpose()?,
            invalid_out: args.invalid_out.as_deref().map(create).transpose()?,
            color: io::stdout().is_terminal(),
            progress: progress(sources),
            summary: Summary::default(),
        })
    }

    /// Counts, partitions and prints one record.
    fn take(&mut self, source: &str, o: &Outcome, args: &ValidateArgs) -> Result<()> {
        self.summary.add(o, args.fail_on);
        if let Some(bar) = &self.progress {
            bar.inc(o.bytes as u64 + 1);
        }
        let sink = if fails(&o.report, args.fail_on) {
            self.invalid_out.as_mut()
        } else {
            self.valid_out.as_mut()
        };
        if let Some(w) = sink {
            // The call as validated (a batch element with its batch's defaults),
            // one per line.
            o.record.write_line(w)?;
            w.write_all(b"\n")?;
        }
        if !args.quiet {
            write_outcome(&mut self.out, source, o, args, self.color)?;
        }
        Ok(())
    }

    fn finish(mut self, started: Instant) -> Result<Summary> {
        self.out.flush()?;
        for w in [self.valid_out.as_mut(), self.invalid_out.as_mut()]
            .into_iter()
            .flatten()
        {
            w.flush()?;
        }
        if let Some(bar) = self.progress {
            bar.finish_and_clear();
        }
        self.summary.print(started.elapsed().as_secs_f64());
        Ok(self.summary)
    }
}

/// A progress bar over the named files' bytes, on a terminal.
pub(crate) fn progress(sources: &[Source]) -> Option<ProgressBar> {
    (io::stderr().is_terminal() && sources.iter().all(|s| s.path.is_some())).then(|| {
        let bar = ProgressBar::new(total_bytes(sources));
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    })
}

/// Refuses an output file that is also an input: creating it would erase the
/// input before it is read.
pub(crate) fn refuse_inputs_as_outputs(
    sources: &[Source],
    outputs: &[Option<&Path>],
) -> Result<()> {
    for out in outputs.iter().flatten() {
        let Ok(target) = std::fs::canonicalize(out) else {
            continue; // not there yet: not an input either
        };
        let clash = sources
            .iter()
            .filter_map(|s| s.path.as_deref())
            .any(|p| std::fs::canonicalize(p).is_ok_and(|p| p == target));
        if clash {
            anyhow::bail!(
                "{} is both an input and an output: writing it would erase it before it is read",
                out.display()
            );
        }
    }
    Ok(())
}

/// A buffered file to write, named in the error if it cannot be created.
pub(crate) fn create(path: &Path) -> Result<BufWriter<File>> {
    let f = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(BufWriter::new(f))
}

/// The validator the options describe.
pub(crate) fn validator(args: &CheckArgs, capture_event_name: bool) -> Result<Validator> {
    let mut validator = Validator::new()
        .profile(args.profile)
        .dialect(args.dialect)
        .capture_event_name(capture_event_name);
    if args.numeric_strings_as_warnings {
        validator = validator.numeric_strings(Severity::Warning);
    }
    if let Some(dir) = &args.plan {
        let plan = semantic_events::plan::Plan::load_dir(dir)
            .with_context(|| format!("cannot load the tracking plan in {}", dir.display()))?;
        validator = validator.with_plan(plan);
    }
    Ok(validator)
}

/// The worker pool the options ask for (default: all cores).
pub(crate) fn pool(args: &CheckArgs) -> Result<rayon::ThreadPool> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")
}

/// Runs `each` over every input; an input that cannot be read is reported and
/// the others still run. Whether one could not be read.
pub(crate) fn each_source(
    sources: &[Source],
    mut each: impl FnMut(&Source) -> Result<()>,
) -> Result<bool> {
    let mut io_error = false;
    for source in sources {
        if let Err(e) = each(source) {
            if crate::is_broken_pipe(&e) {
                return Err(e);
            }
            eprintln!("semantic-events: error: {e:#}");
            io_error = true;
        }
    }
    Ok(io_error)
}

/// The `validate` command: exit 0 (nothing fails), 1 (records fail), 2 (an
/// input could not be read; the others were still validated).
pub(crate) fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let validator = validator(&args.check, true)?;
    let pool = pool(&args.check)?;
    let sources = Source::all(&args.paths);
    refuse_inputs_as_outputs(
        &sources,
        &[args.valid_out.as_deref(), args.invalid_out.as_deref()],
    )?;
    let mut sinks = Sinks::new(args, &sources)?;
    let started = Instant::now();
    // Whether `take` needs the records' bytes.
    let keep = !args.quiet || args.valid_out.is_some() || args.invalid_out.is_some();
    let io_error = each_source(&sources, |source| {
        let work = |mut record: Record| {
            let report = record.validate(&validator);
            let bytes = record.raw.len();
            if !keep {
                record.raw = bytes::Bytes::new();
                record.merged = None;
            }
            Outcome {
                record,
                bytes,
                report,
            }
        };
        each_record(source, &pool, &work, &mut |o: Outcome| {
            sinks.take(&source.label, &o, args)
        })
    })?;
    let summary = sinks.finish(started)?;
    Ok(if io_error {
        ExitCode::from(2)
    } else if summary.failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
