//! `semantic-events`: validate event streams, export schemas and docs.
//!
//! Run `semantic-events --help` for the commands and examples.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use semantic_events::stream::{Record, Records};
use semantic_events::{
    Category, Dialect, EventName, Profile, Registry, Report, Severity, Validator,
};
use serde::Serialize;

const EXAMPLES: &str = "\
Examples:
  semantic-events validate events.ndjson
  cat events.ndjson | semantic-events validate --format json
  semantic-events validate --dialect customerio --profile strict --quiet batch.json.gz
  semantic-events validate --valid-out good.ndjson --invalid-out bad.ndjson events.ndjson
  semantic-events validate --plan tracking-plan/ events.ndjson
  semantic-events schema \"Product Added\"
  semantic-events schema --out spec/schemas
  semantic-events docs --out docs
  semantic-events list --category video
  semantic-events example \"Order Completed\"";

/// Validate semantic event streams (Segment, Customer.io, RudderStack) and
/// export their JSON Schemas and reference docs.
#[derive(Parser)]
#[command(name = "semantic-events", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate calls from NDJSON, a JSON array, a single call or a batch (gzip too).
    #[command(after_help = EXAMPLES)]
    Validate(ValidateArgs),
    /// Print one JSON Schema, or write the whole spec/schemas tree under --out.
    Schema {
        /// An event name (aliases and variant spellings accepted), or `bundle`,
        /// `envelope`, `context`. Default: the bundle.
        event: Option<String>,
        /// Write every schema under this folder, as committed in spec/schemas.
        #[arg(long, conflicts_with = "event")]
        out: Option<PathBuf>,
        /// The dialect of the printed event or bundle schema.
        #[arg(long, value_enum, default_value_t = DialectArg::Segment)]
        dialect: DialectArg,
    },
    /// Write the Markdown reference (one page per family) under --out.
    Docs {
        /// The folder to write, e.g. `docs`.
        #[arg(long)]
        out: PathBuf,
    },
    /// List the semantic events: canonical name, family, aliases.
    List {
        /// Only this family.
        #[arg(long, value_enum)]
        category: Option<CategoryArg>,
    },
    /// Print a valid example call of an event.
    Example {
        /// The event name (aliases and variant spellings accepted).
        event: String,
    },
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Files to read; none, or `-`, reads standard input.
    paths: Vec<PathBuf>,
    /// What is checked.
    #[arg(long, value_enum, default_value_t = ProfileArg::Standard)]
    profile: ProfileArg,
    /// Whose reading of the spec applies.
    #[arg(long, value_enum, default_value_t = DialectArg::Segment)]
    dialect: DialectArg,
    /// The least severity that makes the exit status 1 (and a record invalid for --invalid-out).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Report numbers sent as strings as warnings rather than errors.
    #[arg(long)]
    numeric_strings_as_warnings: bool,
    /// Print errors only, not warnings.
    #[arg(long)]
    errors_only: bool,
    /// Print the summary only.
    #[arg(long, short)]
    quiet: bool,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write each record that passes, byte for byte, to this file.
    #[arg(long)]
    valid_out: Option<PathBuf>,
    /// Write each record that fails (or is not JSON), byte for byte, to this file.
    #[arg(long)]
    invalid_out: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// A tracking plan: a folder of JSON Schemas, one per event of your own
    /// (or a Segment Protocols export); calls of those events are checked too.
    #[arg(long, value_name = "DIR")]
    plan: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    Lenient,
    Standard,
    Strict,
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    Segment,
    Customerio,
    Rudderstack,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum FailOn {
    Error,
    Warning,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CategoryArg {
    Ecommerce,
    Video,
    Mobile,
    AbTesting,
    LiveChat,
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Dialect {
        match d {
            DialectArg::Segment => Dialect::Segment,
            DialectArg::Customerio => Dialect::CustomerIo,
            DialectArg::Rudderstack => Dialect::Rudderstack,
        }
    }
}

impl From<CategoryArg> for Category {
    fn from(c: CategoryArg) -> Category {
        match c {
            CategoryArg::Ecommerce => Category::Ecommerce,
            CategoryArg::Video => Category::Video,
            CategoryArg::Mobile => Category::Mobile,
            CategoryArg::AbTesting => Category::AbTesting,
            CategoryArg::LiveChat => Category::LiveChat,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate(&args),
        Command::Schema {
            event,
            out,
            dialect,
        } => schema(event.as_deref(), out.as_deref(), dialect.into()).map(|()| ExitCode::SUCCESS),
        Command::Docs { out } => write_tree(
            &out,
            semantic_events::docs::files()
                .into_iter()
                .map(|(p, t)| (p, t.into_bytes())),
        )
        .map(|()| ExitCode::SUCCESS),
        Command::List { category } => list(category.map(Into::into)).map(|()| ExitCode::SUCCESS),
        Command::Example { event } => example(&event).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("semantic-events: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn resolve(name: &str, dialect: Dialect) -> Result<EventName> {
    Registry::builtin()
        .resolve(name, dialect)
        .event()
        .and_then(EventName::from_decl)
        .with_context(|| format!("\"{name}\" is not a semantic event (see `semantic-events list`)"))
}

fn print_json(value: &serde_json::Value) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn schema(event: Option<&str>, out: Option<&Path>, dialect: Dialect) -> Result<()> {
    if let Some(dir) = out {
        return write_tree(
            dir,
            semantic_events::schema::files().into_iter().map(|(p, v)| {
                let text = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
                (p, text.into_bytes())
            }),
        );
    }
    let value = match event {
        None | Some("bundle") => semantic_events::schema::bundle(dialect),
        Some("envelope") => semantic_events::schema::envelope(),
        Some("context") => semantic_events::schema::context(),
        Some(name) => {
            let e = resolve(name, dialect)?;
            semantic_events::schema::for_event_in(
                e.decl(),
                dialect,
                &semantic_events::schema::event_path(e),
            )
        }
    };
    print_json(&value)
}

fn write_tree(dir: &Path, files: impl Iterator<Item = (String, Vec<u8>)>) -> Result<()> {
    let mut count = 0;
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        count += 1;
    }
    eprintln!("wrote {count} files under {}", dir.display());
    Ok(())
}

fn list(category: Option<Category>) -> Result<()> {
    let mut out = io::stdout().lock();
    for name in EventName::ALL {
        if category.is_some_and(|c| c != name.category()) {
            continue;
        }
        let d = name.decl();
        let mut aliases: Vec<String> = d.aliases.iter().map(ToString::to_string).collect();
        aliases.extend(d.vendor_aliases.iter().map(|(v, a)| format!("{a} ({v})")));
        writeln!(
            out,
            "{}\t{}\t{}",
            d.name,
            name.category(),
            aliases.join(", ")
        )?;
    }
    Ok(())
}

fn example(event: &str) -> Result<()> {
    let name = resolve(event, Dialect::Segment).or_else(|_| resolve(event, Dialect::CustomerIo))?;
    print_json(&semantic_events::schema::example(name))
}

/// One input: a file path, or standard input.
struct Source {
    label: String,
    path: Option<PathBuf>,
}

fn open(source: &Source) -> Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match &source.path {
        Some(p) => Box::new(File::open(p).with_context(|| format!("cannot read {}", p.display()))?),
        None => Box::new(io::stdin()),
    };
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let gzip = reader
        .fill_buf()
        .with_context(|| format!("cannot read {}", source.label))?
        .starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

/// What one record gave.
struct Outcome {
    record: Record,
    report: Report,
}

#[derive(Serialize)]
struct JsonViolation<'a> {
    path: &'a str,
    code: &'static str,
    severity: &'static str,
    message: String,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    source: &'a str,
    line: usize,
    index: usize,
    event: Option<&'a str>,
    semantic: Option<&'static str>,
    category: Option<&'static str>,
    valid: bool,
    violations: Vec<JsonViolation<'a>>,
}

/// Counts for the summary.
#[derive(Default)]
struct Summary {
    records: u64,
    valid: u64,
    invalid: u64,
    unparsable: u64,
    warnings: u64,
    semantic: u64,
    failing: u64,
    bytes: u64,
    by_code: BTreeMap<&'static str, u64>,
    by_semantic: BTreeMap<&'static str, u64>,
    by_event: BTreeMap<String, u64>,
}

/// Distinct custom event names counted one by one; past that they are pooled.
const CUSTOM_NAMES_KEPT: usize = 100;

impl Summary {
    fn add(&mut self, o: &Outcome, fail_on: FailOn) {
        let r = &o.report;
        self.records += 1;
        self.bytes += o.record.raw.len() as u64 + 1;
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
        match (r.event(), r.event_name()) {
            (Some(e), _) => {
                self.semantic += 1;
                *self.by_semantic.entry(e.name).or_default() += 1;
            }
            (None, Some(name)) => {
                let key = format!("(custom) {name}");
                let key = if self.by_event.contains_key(&key)
                    || self.by_event.len() < CUSTOM_NAMES_KEPT
                {
                    key
                } else {
                    "(other custom events)".to_string()
                };
                *self.by_event.entry(key).or_default() += 1;
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
    fn print(&self, seconds: f64) {
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
        if !self.by_code.is_empty() {
            let _ = writeln!(err, "by code:");
            for (code, n) in &self.by_code {
                let _ = writeln!(err, "  {code:<32} {n}");
            }
        }
        if !self.by_event.is_empty() || !self.by_semantic.is_empty() {
            let _ = writeln!(err, "by event:");
            let mut all: Vec<(&str, u64)> = self
                .by_semantic
                .iter()
                .map(|(k, n)| (*k, *n))
                .chain(self.by_event.iter().map(|(k, n)| (k.as_str(), *n)))
                .collect();
            all.sort_unstable();
            for (event, n) in all {
                let _ = writeln!(err, "  {event:<40} {n}");
            }
        }
        let secs = seconds.max(1e-9);
        let _ = writeln!(
            err,
            "throughput: {:.1} MB/s, {:.0} records/s ({:.2} s)",
            self.bytes as f64 / secs / 1e6,
            self.records as f64 / secs,
            seconds
        );
    }
}

fn fails(report: &Report, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Error => !report.is_valid(),
        FailOn::Warning => !report.violations().is_empty(),
    }
}

/// Records handed to the workers at a time: bounded in count and bytes, so
/// memory stays constant whatever the input size.
const CHUNK_RECORDS: usize = 512;
const CHUNK_BYTES: usize = 1 << 20;

fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let mut validator = Validator::new()
        .profile(match args.profile {
            ProfileArg::Lenient => Profile::Lenient,
            ProfileArg::Standard => Profile::Standard,
            ProfileArg::Strict => Profile::Strict,
        })
        .dialect(args.dialect.into())
        .capture_event_name(true);
    if args.numeric_strings_as_warnings {
        validator = validator.numeric_strings(Severity::Warning);
    }
    if let Some(dir) = &args.plan {
        let plan = semantic_events::plan::Plan::load_dir(dir)
            .with_context(|| format!("cannot load the tracking plan in {}", dir.display()))?;
        validator = validator.with_plan(plan);
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;

    let sources: Vec<Source> = if args.paths.is_empty() {
        vec![Source {
            label: "-".into(),
            path: None,
        }]
    } else {
        args.paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source {
                        label: "-".into(),
                        path: None,
                    }
                } else {
                    Source {
                        label: p.display().to_string(),
                        path: Some(p.clone()),
                    }
                }
            })
            .collect()
    };
    let mut valid_out = args.valid_out.as_ref().map(|p| create(p)).transpose()?;
    let mut invalid_out = args.invalid_out.as_ref().map(|p| create(p)).transpose()?;

    let total: u64 = sources
        .iter()
        .filter_map(|s| s.path.as_ref())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let progress = if io::stderr().is_terminal() && !sources.iter().any(|s| s.path.is_none()) {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };

    let color = io::stdout().is_terminal();
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut summary = Summary::default();
    let mut io_error = false;
    let started = Instant::now();

    for source in &sources {
        let reader = match open(source) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("semantic-events: error: {e:#}");
                io_error = true;
                continue;
            }
        };
        let (tx, rx) = mpsc::sync_channel::<io::Result<Vec<Record>>>(4);
        std::thread::scope(|scope| -> Result<()> {
            scope.spawn(move || read_chunks(reader, &tx));
            for chunk in rx {
                let records = match chunk {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("semantic-events: error: {}: read failed: {e}", source.label);
                        io_error = true;
                        break;
                    }
                };
                let outcomes: Vec<Outcome> = pool.install(|| {
                    records
                        .into_par_iter()
                        .map(|record| {
                            let report = validator.validate_slice(record.call());
                            Outcome { record, report }
                        })
                        .collect()
                });
                for o in &outcomes {
                    summary.add(o, args.fail_on);
                    if let Some(bar) = &progress {
                        bar.inc(o.record.raw.len() as u64 + 1);
                    }
                    let sink = if fails(&o.report, args.fail_on) {
                        invalid_out.as_mut()
                    } else {
                        valid_out.as_mut()
                    };
                    if let Some(w) = sink {
                        w.write_all(&o.record.raw)?;
                        w.write_all(b"\n")?;
                    }
                    if !args.quiet {
                        write_outcome(&mut out, &source.label, o, args, color)?;
                    }
                }
            }
            Ok(())
        })?;
    }
    out.flush()?;
    for w in [valid_out.as_mut(), invalid_out.as_mut()]
        .into_iter()
        .flatten()
    {
        w.flush()?;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    summary.print(started.elapsed().as_secs_f64());
    Ok(if io_error {
        ExitCode::from(2)
    } else if summary.failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let f = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(BufWriter::new(f))
}

fn read_chunks(reader: Box<dyn BufRead + Send>, tx: &mpsc::SyncSender<io::Result<Vec<Record>>>) {
    let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
    let mut bytes = 0;
    for record in Records::new(reader) {
        match record {
            Ok(r) => {
                bytes += r.raw.len();
                chunk.push(r);
                if chunk.len() >= CHUNK_RECORDS || bytes >= CHUNK_BYTES {
                    if tx.send(Ok(std::mem::take(&mut chunk))).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            Err(e) => {
                let _ = tx.send(Ok(std::mem::take(&mut chunk)));
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
    if !chunk.is_empty() {
        let _ = tx.send(Ok(chunk));
    }
}

fn write_outcome(
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
                violations: shown
                    .map(|v| JsonViolation {
                        path: v.path(),
                        code: v.code().into(),
                        severity: v.severity().into(),
                        message: v.message(),
                    })
                    .collect(),
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
