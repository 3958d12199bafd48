//! Inputs: files or standard input, gzip by magic bytes, records in bounded chunks.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::mpsc;

use anyhow::{Context as _, Result};
use semantic_events::stream::{Record, Records};

/// Records handed to the workers at a time: bounded in count and bytes, so
/// memory stays constant whatever the input size.
const CHUNK_RECORDS: usize = 512;
const CHUNK_BYTES: usize = 1 << 20;

/// One input: a file path, or standard input.
pub(crate) struct Source {
    pub(crate) label: String,
    pub(crate) path: Option<PathBuf>,
}

impl Source {
    /// The inputs named on the command line; none, or `-`, is standard input.
    pub(crate) fn all(paths: &[PathBuf]) -> Vec<Source> {
        let stdin = || Source {
            label: "-".into(),
            path: None,
        };
        if paths.is_empty() {
            return vec![stdin()];
        }
        paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    stdin()
                } else {
                    Source {
                        label: p.display().to_string(),
                        path: Some(p.clone()),
                    }
                }
            })
            .collect()
    }

    /// Opens the input, decompressing gzip.
    pub(crate) fn open(&self) -> Result<Box<dyn BufRead + Send>> {
        let raw: Box<dyn Read + Send> = match &self.path {
            Some(p) => {
                Box::new(File::open(p).with_context(|| format!("cannot read {}", p.display()))?)
            }
            None => Box::new(io::stdin()),
        };
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        let gzip = reader
            .fill_buf()
            .with_context(|| format!("cannot read {}", self.label))?
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
}

/// The total size of the named files (for the progress bar).
pub(crate) fn total_bytes(sources: &[Source]) -> u64 {
    sources
        .iter()
        .filter_map(|s| s.path.as_ref())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Reads records and sends them in chunks; a read error ends the stream after
/// the records read so far.
pub(crate) fn read_chunks(
    reader: Box<dyn BufRead + Send>,
    tx: &mpsc::SyncSender<io::Result<Vec<Record>>>,
) {
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
