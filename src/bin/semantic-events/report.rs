//! `report`: validate every input on the pool, count each record's figures in
//! input order, write the HTML page and the JSON figures.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use semantic_events::files::{Source, each_record};
use semantic_events::report::{Location, Stats, html};
use semantic_events::stream::Record;
use semantic_events::{Report, Validator};

use crate::args::ReportArgs;
use crate::run::{create, each_source, pool, progress, refuse_inputs_as_outputs, validator};

/// The `report` command: exit 0 once written, 2 if an input could not be read
/// (the report still counts the others).
pub(crate) fn report(args: &ReportArgs) -> Result<ExitCode> {
    let validator = validator(&args.check, true)?.observe(true);
    let sources = if args.paths.is_empty() && !args.merge.is_empty() {
        Vec::new()
    } else {
        Source::all(&args.paths)
    };
    refuse_inputs_as_outputs(&sources, &[args.out.as_deref(), args.json.as_deref()])?;
    // Created before reading: a path that cannot be written fails now, not
    // after the whole input.
    let mut json_out = args.json.as_deref().map(create).transpose()?;
    let mut html_out = args.out.as_deref().map(create).transpose()?;
    let started = Instant::now();
    let mut stats = Stats::new(&validator).show_values(args.show_values);
    let io_error = count(&sources, &validator, args, &mut stats)?;
    for path in &args.merge {
        let figures = read_figures(path)?;
        stats
            .merge(&figures)
            .with_context(|| format!("cannot merge {}", path.display()))?;
    }
    let mut labels: Vec<String> = sources.iter().map(|s| s.label.clone()).collect();
    labels.extend(
        args.merge
            .iter()
            .map(|p| format!("{} (figures)", p.display())),
    );
    if let (Some(w), Some(path)) = (json_out.as_mut(), &args.json) {
        serde_json::to_writer_pretty(&mut *w, &stats)?;
        w.write_all(b"\n")?;
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let (Some(w), Some(path)) = (html_out.as_mut(), &args.out) {
        let page = html::render(&stats, &html::Page::new(labels))?;
        w.write_all(page.as_bytes())?;
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "report: {} records ({} valid, {} invalid, {} unparsable), {} warnings -> {} ({:.2} s)",
        stats.records,
        stats.valid,
        stats.invalid,
        stats.unparsable,
        stats.warnings,
        [args.out.as_deref(), args.json.as_deref()]
            .into_iter()
            .flatten()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64()
    );
    Ok(if io_error {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Validates every record of every source and counts it, in input order.
/// Whether an input could not be read.
fn count(
    sources: &[Source],
    validator: &Validator,
    args: &ReportArgs,
    stats: &mut Stats,
) -> Result<bool> {
    let pool = pool(&args.check)?;
    let bar = progress(sources);
    let io_error = each_source(sources, |source| {
        let work = |record: Record| {
            let report = record.validate(validator);
            (record, report)
        };
        each_record(source, &pool, &work, &mut |(record, report): (
            Record,
            Report,
        )| {
            stats.add(
                &report,
                record.call(),
                &Location::new(&source.label, record.line),
            );
            if let Some(bar) = &bar {
                bar.inc(record.raw.len() as u64 + 1);
            }
            Ok::<(), anyhow::Error>(())
        })
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(io_error)
}

/// Figures written by an earlier `report --json`.
fn read_figures(path: &Path) -> Result<Stats> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_reader(std::io::BufReader::new(file))
        .with_context(|| format!("{} is not report figures (report --json)", path.display()))
}
