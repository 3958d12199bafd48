//! The command line: commands and options, with the library's own enums.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use semantic_events::{Category, Dialect, Profile, Severity};

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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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

#[derive(clap::Args)]
pub(crate) struct ValidateArgs {
    /// Files to read; none, or `-`, reads standard input.
    pub(crate) paths: Vec<PathBuf>,
    /// What is checked.
    #[arg(long, value_enum, default_value_t = Profile::Standard)]
    pub(crate) profile: Profile,
    /// Whose reading of the spec applies.
    #[arg(long, value_enum, default_value_t = Dialect::Segment)]
    pub(crate) dialect: Dialect,
    /// The least severity that makes the exit status 1 (and a record invalid for --invalid-out).
    #[arg(long, value_enum, default_value_t = Severity::Error)]
    pub(crate) fail_on: Severity,
    /// Report numbers sent as strings as warnings rather than errors.
    #[arg(long)]
    pub(crate) numeric_strings_as_warnings: bool,
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
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// A tracking plan: a folder of JSON Schemas, one per event of your own
    /// (or a Segment Protocols export); calls of those events are checked too.
    #[arg(long, value_name = "DIR")]
    pub(crate) plan: Option<PathBuf>,
}

/// How records are printed on standard output.
#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub(crate) enum Format {
    /// `file:line: event: /pointer: message [code]`, one line per violation.
    Text,
    /// One JSON object per record, with its violations.
    Json,
}
