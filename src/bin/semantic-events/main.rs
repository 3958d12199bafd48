//! `semantic-events`: validate event streams, export schemas and docs.
//!
//! Run `semantic-events --help` for the commands and examples. The modules:
//! `args` (the command line), `run` (the worker pool over
//! `semantic_events::files`, and the `validate` command), `fix` (the `fix` command), `report` (the `report` command),
//! `output` (per-record printing), `summary`.

mod args;
mod fix;
mod output;
mod report;
mod run;
mod summary;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser;
use semantic_events::{Category, Dialect, EventName, Registry};

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => run::validate(&args),
        Command::Fix(args) => fix::fix(&args),
        Command::Report(args) => report::report(&args),
        Command::Schema {
            event,
            out,
            dialect,
        } => schema(event.as_deref(), out.as_deref(), dialect).map(|()| ExitCode::SUCCESS),
        Command::Docs { out } => write_tree(
            &out,
            semantic_events::docs::files()
                .into_iter()
                .map(|(p, t)| (p, t.into_bytes())),
        )
        .map(|()| ExitCode::SUCCESS),
        Command::List { category } => list(category).map(|()| ExitCode::SUCCESS),
        Command::Example { event } => example(&event).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`semantic-events list | head -3`): stop quietly,
        // as ripgrep does.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("semantic-events: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether an error comes from writing to a closed pipe.
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(io::ErrorKind::BrokenPipe)
    })
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
