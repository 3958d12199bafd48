//! The command line: commands and options, with the library's own enums.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use semantic_events::{Category, Code, Dialect, Profile, Severity};

const EXAMPLES: &str = "\
Examples:
  semantic-events validate events.ndjson
  cat events.ndjson | semantic-events validate --format json
  semantic-events validate --dialect customerio --profile strict --quiet batch.json.gz
  semantic-events validate --valid-out good.ndjson --invalid-out bad.ndjson events.ndjson
  semantic-events validate --plan tracking-plan/ events.ndjson
  semantic-events validate --format rudderstack --tracking-plan-id tp_1 events.ndjson
  semantic-events validate --format segment --source-id dInN1HJ4bi events.ndjson
  semantic-events fix --out repaired.ndjson events.ndjson
  semantic-events report --out report.html --json report.json events.ndjson
  semantic-events schema \"Product Added\"
  semantic-events schema --out spec/schemas
  semantic-events docs --out docs
  semantic-events list --category video
  semantic-events example \"Order Completed\"";

const FIX_EXAMPLES: &str = "\
Examples:
  semantic-events fix events.ndjson > repaired.ndjson
  semantic-events fix --dry-run events.ndjson.gz
  semantic-events fix --format json --out repaired.ndjson events.ndjson
  semantic-events fix --only numeric_string,non_standard_currency --dialect rudderstack events.ndjson";

const REPORT_EXAMPLES: &str = "\
Examples:
  semantic-events report --out report.html events.ndjson
  semantic-events report --out report.html --json report.json exports/*.ndjson.gz
  semantic-events report --dialect rudderstack --show-values --out report.html events.ndjson
  semantic-events report --merge part-0.json --merge part-1.json --out cluster.html";

/// Validate semantic event streams (Segment, Customer.io, RudderStack) and
/// export their JSON Schemas and reference docs.
#[derive(Parser)]
#[command(name = "semantic-events", version, about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Validate calls from NDJSON, a JSON array, a single call or a batch (gzip too).
    #[command(after_help = EXAMPLES)]
    Validate(ValidateArgs),
    /// Repair what can be repaired without loss (names, numbers and booleans
    /// sent as strings, currency case, `action`, numeric ids); write the stream.
    #[command(after_help = FIX_EXAMPLES)]
    Fix(FixArgs),
    /// Writes a data-quality report of the inputs: a self-contained HTML page
    /// (coverage of each semantic event's properties, violations by code, event
    /// and path, custom events and near misses, calls over time, samples) and
    /// its figures as JSON. Exit 0 when the report is written, whatever the
    /// calls' verdicts; 2 if an input could not be read (the others still count).
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Print one JSON Schema, or write the whole spec/schemas tree under --out.
    Schema {
        /// An event name (aliases and variant spellings accepted), or `bundle`,
        /// `envelope`, `context`. Default: the bundle.
        event: Option<String>,
        /// Write every schema under this folder, as committed in spec/schemas.
        #[arg(long, conflicts_with = "event")]
        out: Option<PathBuf>,
        /// The dialect of the printed event or bundle schema.
        #[arg(long, value_enum, default_value_t = Dialect::Segment)]
        dialect: Dialect,
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
        category: Option<Category>,
    },
    /// Print a valid example call of an event.
    Example {
        /// The event name (aliases and variant spellings accepted).
        event: String,
    },
}

/// What is checked, and with what: shared by `validate` and `fix`.
#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// What is checked.
    #[arg(long, value_enum, default_value_t = Profile::Standard)]
    pub(crate) profile: Profile,
    /// Whose reading of the spec applies.
    #[arg(long, value_enum, default_value_t = Dialect::Segment)]
    pub(crate) dialect: Dialect,
    /// Report numbers sent as strings as warnings rather than errors.
    #[arg(long)]
    pub(crate) numeric_strings_as_warnings: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// A tracking plan: a folder of JSON Schemas, one per event of your own
    /// (or a Segment Protocols export); calls of those events are checked too.
    #[arg(long, value_name = "DIR")]
    pub(crate) plan: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct ValidateArgs {
    /// Files to read; none, or `-`, reads standard input.
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) check: CheckArgs,
    /// The least severity that makes the exit status 1 (and a record invalid for --invalid-out).
    #[arg(long, value_enum, default_value_t = Severity::Error)]
    pub(crate) fail_on: Severity,
    /// Print errors only, not warnings.
    #[arg(long)]
    pub(crate) errors_only: bool,
    /// Print the summary only.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Write each record that passes, byte for byte, to this file.
    #[arg(long)]
    pub(crate) valid_out: Option<PathBuf>,
    /// Write each record that fails (or is not JSON), byte for byte, to this file.
    #[arg(long)]
    pub(crate) invalid_out: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) vendor: VendorArgs,
}

/// What the vendors' formats name beside the violations.
#[derive(clap::Args)]
#[command(next_help_heading = "Vendor formats (--format rudderstack | segment)")]
pub(crate) struct VendorArgs {
    /// The tracking plan's id: RudderStack's `context.trackingPlanId`, Segment's `trackingPlanID`.
    #[arg(long, value_name = "ID")]
    pub(crate) tracking_plan_id: Option<String>,
    /// RudderStack's `context.trackingPlanVersion` (with --tracking-plan-id).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) tracking_plan_version: u64,
    /// Segment's `trackingPlanName`.
    #[arg(long, value_name = "NAME")]
    pub(crate) tracking_plan_name: Option<String>,
    /// Segment's `sourceID`.
    #[arg(long, value_name = "ID")]
    pub(crate) source_id: Option<String>,
    /// Segment's `sourceName`.
    #[arg(long, value_name = "NAME")]
    pub(crate) source_name: Option<String>,
    /// Segment's `sourceSlug`.
    #[arg(long, value_name = "SLUG")]
    pub(crate) source_slug: Option<String>,
}

#[derive(clap::Args)]
pub(crate) struct FixArgs {
    /// Files to read; none, or `-`, reads standard input.
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) check: CheckArgs,
    /// Write the repaired stream here (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// `ndjson`: the repaired stream on standard output (unless --out);
    /// `json`: per record, the patch and what remains (the stream then goes to --out only).
    #[arg(long, value_enum, default_value_t = FixFormat::Ndjson)]
    pub(crate) format: FixFormat,
    /// Only the repairs that remove these codes (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...", value_parser = repairable)]
    pub(crate) only: Vec<Code>,
    /// Write nothing but the summary.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("output").args(["out", "json"]).multiple(true).required(true)))]
pub(crate) struct ReportArgs {
    /// Files to read (NDJSON, JSON arrays, batches; gzip by content); none or
    /// `-` reads standard input.
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) check: CheckArgs,
    /// Where to write the HTML page.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Where to write the figures as JSON (they can be merged with --merge).
    #[arg(long, value_name = "FILE")]
    pub(crate) json: Option<PathBuf>,
    /// Show the offending values in samples (by default only their type and
    /// length: values may be personal data).
    #[arg(long)]
    pub(crate) show_values: bool,
    /// Adds the figures of an earlier `--json` (another machine's, another
    /// partition's); repeatable. With no PATHS, only merged figures are reported.
    #[arg(long, value_name = "FILE")]
    pub(crate) merge: Vec<PathBuf>,
}

/// A code `fix` can repair, by its `snake_case` name.
fn repairable(s: &str) -> Result<Code, String> {
    let code: Code = s.parse().map_err(|_| format!("unknown code `{s}`"))?;
    if semantic_events::fix::REPAIRABLE.contains(&code) {
        Ok(code)
    } else {
        Err(semantic_events::fix::FixError::NotRepairable(code).to_string())
    }
}

/// What `fix` prints on standard output.
#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub(crate) enum FixFormat {
    /// The repaired calls, one per line.
    Ndjson,
    /// One JSON object per record: its patch, repairs, declined repairs and remaining violations.
    Json,
}

/// How records are printed on standard output.
#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub(crate) enum Format {
    /// `file:line: event: /pointer: message [code]`, one line per violation.
    Text,
    /// One JSON object per record, with its violations.
    Json,
    /// Each call with RudderStack's `context.violationErrors` (the violations
    /// --fail-on counts), one per line; a call without any, byte for byte.
    Rudderstack,
    /// Segment Protocols' `Violation Generated` track calls, one per violation
    /// --fail-on counts.
    Segment,
}
