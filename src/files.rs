//! Reading inputs as the CLI does (feature `files`): files or standard input,
//! gzip recognised by its magic bytes, records cut by [`stream::Records`] and
//! handed to a thread pool in bounded chunks, results taken in input order.
//!
//! Memory stays constant whatever the input size: a reader thread sends chunks
//! of at most 512 records or 1 MB down a channel that holds four. The CLI and
//! the Python package both run their files through [`each_record`].
//!
//! ```
//! use semantic_events::files::{Source, each_record};
//! use semantic_events::Validator;
//!
//! let dir = std::env::temp_dir().join(format!("se-files-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("calls.ndjson");
//! std::fs::write(&path, "{\"userId\":\"u\",\"event\":\"x\"}\n{broken\n").unwrap();
//!
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
//! let validator = Validator::new();
//! let mut verdicts = Vec::new();
//! let source = Source::file(&path);
//! each_record(&source, &pool, &|r| (r.line, r.validate(&validator).is_valid()), &mut |v| {
//!     verdicts.push(v);
//!     Ok::<(), semantic_events::files::FileError>(())
//! })
//! .unwrap();
//! assert_eq!(verdicts, [(1, true), (2, false)]);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! [`stream::Records`]: crate::stream::Records

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::stream::{Record, Records};

/// Records handed to the workers at a time: bounded in count and bytes, so
/// memory stays constant whatever the input size.
const CHUNK_RECORDS: usize = 512;
const CHUNK_BYTES: usize = 1 << 20;

/// An input that could not be read (the I/O error is its
/// [`source`](std::error::Error::source)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The input could not be opened, or its first bytes not read.
    #[error("cannot read {label}")]
    Open {
        /// The input's label (its path, or `-`).
        label: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// Reading failed part way; the records before were processed.
    #[error("{label}: read failed")]
    Read {
        /// The input's label.
        label: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How messages name it: the path as given, or `-`.
    pub label: String,
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
}

impl Source {
    /// A file.
    pub fn file(path: impl AsRef<Path>) -> Source {
        let path = path.as_ref();
        Source {
            label: path.display().to_string(),
            path: Some(path.to_path_buf()),
        }
    }

    /// Standard input.
    pub fn stdin() -> Source {
        Source {
            label: "-".into(),
            path: None,
        }
    }

    /// The inputs named on a command line: none, or `-`, is standard input.
    pub fn all(paths: &[PathBuf]) -> Vec<Source> {
        if paths.is_empty() {
            return vec![Source::stdin()];
        }
        paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::stdin()
                } else {
                    Source::file(p)
                }
            })
            .collect()
    }

    /// Opens the input, decompressing gzip (one member or several).
    ///
    /// # Errors
    ///
    /// [`FileError::Open`], naming the input.
    pub fn open(&self) -> Result<Box<dyn BufRead + Send>, FileError> {
        let open_error = |source| FileError::Open {
            label: self.label.clone(),
            source,
        };
        let raw: Box<dyn Read + Send> = match &self.path {
            Some(p) => Box::new(File::open(p).map_err(open_error)?),
            None => Box::new(io::stdin()),
        };
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        let gzip = reader
            .fill_buf()
            .map_err(open_error)?
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

/// The total size of the named files (for a progress bar).
pub fn total_bytes(sources: &[Source]) -> u64 {
    sources
        .iter()
        .filter_map(|s| s.path.as_ref())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Runs one input through `pool`: a reader thread cuts records and sends them in
/// bounded chunks, the pool runs `work` on each chunk's records, and `take` gets
/// the results in input order. An error from `take` stops the run.
///
/// # Errors
///
/// The input cannot be read ([`FileError`], after the records read before the
/// failure were taken), or `take`'s own error.
pub fn each_record<T: Send, E: From<FileError>>(
    input: &Source,
    pool: &rayon::ThreadPool,
    work: &(dyn Fn(Record) -> T + Sync),
    take: &mut dyn FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let reader = input.open()?;
    let (tx, rx) = mpsc::sync_channel::<io::Result<Vec<Record>>>(4);
    std::thread::scope(|scope| -> Result<(), E> {
        scope.spawn(move || read_chunks(reader, &tx));
        for chunk in rx {
            let records = chunk.map_err(|source| FileError::Read {
                label: input.label.clone(),
                source,
            })?;
            let results: Vec<T> = pool.install(|| records.into_par_iter().map(work).collect());
            for r in results {
                take(r)?;
            }
        }
        Ok(())
    })
}

/// Reads records and sends them in chunks; a read error ends the stream after
/// the records read so far.
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
