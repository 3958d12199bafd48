//! Reading inputs as the CLI does (feature `files`): files or standard input,
//! gzip recognised by its magic bytes, records cut by [`stream::Records`] and
//! handed to a thread pool in bounded chunks, results taken in input order.
//!
//! Memory stays constant whatever the input size. A regular file with one
//! value per line (NDJSON, not compressed; on Unix, where a file can be read
//! at an offset) is cut into 1 MB blocks that the pool's threads read and
//! validate side by side, each block's lines to the thread that reads them,
//! with at most a few blocks ahead of the results taken. Its records share
//! their block's buffer (a record kept keeps its block); a file that grows
//! while it is read is read to the length it has when its last block is
//! claimed.
//! Anything else (standard input, gzip, a JSON array, pretty-printed values)
//! is read by one reader thread that sends chunks of at most 512 records or
//! 1 MB down a channel that holds four. Both give the same records, in the
//! same order, with the same numbers. The CLI and the Python package both run
//! their files through [`each_record`].
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

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use bytes::{Bytes, BytesMut};
use rayon::prelude::*;

use crate::stream::{self, Record, Records};

/// Records handed to the workers at a time: bounded in count and bytes, so
/// memory stays constant whatever the input size.
const CHUNK_RECORDS: usize = 512;
const CHUNK_BYTES: usize = 1 << 20;

/// The bytes of a file one thread reads and validates at a time.
const BLOCK: u64 = 1 << 20;

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

/// Runs one input through `pool`: `work` runs on the pool for each record, and
/// `take` gets the results in input order. An error from `take` stops the run.
///
/// A regular file of one value per line (on Unix) is read in blocks by the
/// pool's threads themselves; anything else by a reader thread that cuts
/// records and sends them in bounded chunks (see the [module docs](self)).
/// `work` must not wait for other work on `pool`.
///
/// # Errors
///
/// The input cannot be read ([`FileError`]), or `take`'s own error. The
/// records before the failure are taken first: those before the failing byte
/// on the reader thread, those before the failing block when blocks are read.
pub fn each_record<T: Send, E: From<FileError>>(
    input: &Source,
    pool: &rayon::ThreadPool,
    work: &(dyn Fn(Record) -> T + Sync),
    take: &mut dyn FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    // From one of the pool's own threads, the blocks' jobs could wait for it.
    if pool.current_thread_index().is_none() {
        if let Some(file) = one_per_line(input)? {
            return Blocks::new(&file, BLOCK, pool.current_num_threads())
                .run(input, pool, work, take);
        }
    }
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

/// The records read from the file at `path` as [`each_record`] reads a file in
/// blocks, but with blocks of `block` bytes (its own are 1 MB), on `pool`; or
/// `None` when [`each_record`] would not read it in blocks (not there, not a
/// regular file, gzip, not one value per line…). For the fuzz target `blocks`,
/// which holds them to what [`Records`] cuts from the same bytes at block sizes
/// far below the real one; not part of the API.
///
/// # Errors
///
/// The file cannot be opened or read.
#[doc(hidden)]
pub fn records_in_blocks(
    path: &Path,
    block: u64,
    pool: &rayon::ThreadPool,
) -> Result<Option<Vec<Record>>, FileError> {
    let source = Source::file(path);
    let Some(file) = one_per_line(&source)? else {
        return Ok(None);
    };
    let mut records = Vec::new();
    Blocks::new(&file, block.max(1), pool.current_num_threads()).run(
        &source,
        pool,
        &|r| r,
        &mut |r| {
            records.push(r);
            Ok::<(), FileError>(())
        },
    )?;
    Ok(Some(records))
}

/// The input, opened, when it is a regular file that is not gzip and whose
/// first non-blank line makes it one value per line: a file whose blocks can
/// be read in parallel.
fn one_per_line(input: &Source) -> Result<Option<File>, FileError> {
    let Some(path) = &input.path else {
        return Ok(None);
    };
    let open_error = |source| FileError::Open {
        label: input.label.clone(),
        source,
    };
    // Looked at before it is opened: opening a named pipe twice could lose
    // what its writer sent in between.
    if !cfg!(unix) || !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let file = File::open(path).map_err(open_error)?;
    let mut head = BufReader::with_capacity(1 << 16, &file);
    let start = head.fill_buf().map_err(open_error)?;
    let after_bom = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let first = after_bom.iter().find(|b| !b.is_ascii_whitespace());
    if start.starts_with(&[0x1f, 0x8b]) || first == Some(&b'[') {
        return Ok(None); // gzip, or an array (not read twice to find its line end)
    }
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        if head.read_until(b'\n', &mut line).map_err(open_error)? == 0 {
            return Ok(None); // blank: the reader thread says so as well
        }
        let bytes = match line.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if first => rest,
            _ => &line[..],
        };
        first = false;
        if stream::line_value(bytes).is_some() {
            return Ok(stream::is_one_per_line(bytes).then_some(file));
        }
    }
}

/// Reads a file of one value per line in blocks, each read, cut into records
/// and validated by one of the pool's threads; the results are taken in order.
///
/// Block `k` holds the lines that *start* in bytes `k·size .. (k+1)·size`: its
/// thread reads from one byte before (to see whether a line starts there) and
/// past its end to the end of its last line. A block's line and record numbers
/// depend on the blocks before it, so each thread counts its block's lines and
/// records first and hands the running totals on (`Chain`) before validating.
struct Blocks<'f> {
    file: &'f File,
    size: u64,
    /// Blocks read ahead of the results taken, at most.
    window: u64,
    threads: usize,
    state: Mutex<Chain>,
    changed: Condvar,
}

/// What the threads share, under one lock.
#[derive(Default)]
struct Chain {
    /// The next block to read.
    next: u64,
    /// Blocks whose results were taken.
    taken: u64,
    /// Blocks the file has at its length when last looked at: when they are
    /// all claimed, the length is looked at again, so a file that grows while
    /// it is read is read to the length it has then.
    count: u64,
    /// Lines and records before block `k` (keyed by `k`): the totals handed on.
    totals: BTreeMap<u64, (usize, usize)>,
    /// The run ended early (an error while taking, or a thread's panic).
    stop: bool,
    /// Threads waiting for a change (no one to wake: no system call).
    sleepers: usize,
}

impl<'f> Blocks<'f> {
    fn new(file: &'f File, size: u64, threads: usize) -> Blocks<'f> {
        let threads = threads.max(1);
        Blocks {
            file,
            size,
            window: 2 * threads as u64 + 2,
            threads,
            state: Mutex::new(Chain {
                count: blocks_of(file, size).max(1),
                totals: BTreeMap::from([(0, (0, 0))]),
                ..Chain::default()
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Chain> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(
        &self,
        mut guard: std::sync::MutexGuard<'a, Chain>,
    ) -> std::sync::MutexGuard<'a, Chain> {
        guard.sleepers += 1;
        let mut guard = self
            .changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner);
        guard.sleepers -= 1;
        guard
    }

    /// Wakes the waiting threads, if any, once `guard` is released.
    fn wake(&self, guard: std::sync::MutexGuard<'_, Chain>) {
        let sleepers = guard.sleepers;
        drop(guard);
        if sleepers > 0 {
            self.changed.notify_all();
        }
    }

    /// Ends the run early: every waiting thread wakes up and leaves.
    fn stop(&self) {
        let mut chain = self.lock();
        chain.stop = true;
        self.wake(chain);
    }

    fn run<T: Send, E: From<FileError>>(
        &self,
        input: &Source,
        pool: &rayon::ThreadPool,
        work: &(dyn Fn(Record) -> T + Sync),
        take: &mut dyn FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        // However `take` ends (done, an error, a panic), the threads stop
        // before the scope waits for them.
        struct StopAtEnd<'a, 'f>(&'a Blocks<'f>);
        impl Drop for StopAtEnd<'_, '_> {
            fn drop(&mut self) {
                self.0.stop();
            }
        }
        let (tx, rx) = mpsc::channel::<(u64, io::Result<Vec<T>>)>();
        pool.in_place_scope(|scope| {
            for _ in 0..self.threads {
                let tx = tx.clone();
                scope.spawn(move |_| self.read_blocks(work, &tx));
            }
            drop(tx);
            let _stop = StopAtEnd(self);
            self.take_in_order(input, &rx, take)
        })
    }

    /// Takes the blocks' results in order as they come.
    fn take_in_order<T, E: From<FileError>>(
        &self,
        input: &Source,
        rx: &mpsc::Receiver<(u64, io::Result<Vec<T>>)>,
        take: &mut dyn FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (k, results) in rx {
            waiting.insert(k, results);
            while let Some(results) = waiting.remove(&next) {
                next += 1;
                let mut chain = self.lock();
                chain.taken = next;
                self.wake(chain);
                let results = results.map_err(|source| FileError::Read {
                    label: input.label.clone(),
                    source,
                })?;
                for r in results {
                    take(r)?;
                }
            }
        }
        Ok(())
    }

    /// One thread's part: claims the next block, reads and cuts it, and once
    /// the totals before it are known, validates it and sends the results.
    fn read_blocks<T>(
        &self,
        work: &(dyn Fn(Record) -> T + Sync),
        tx: &mpsc::Sender<(u64, io::Result<Vec<T>>)>,
    ) {
        // A panic in `work` must not leave the others waiting for its totals.
        struct StopOnPanic<'a, 'f>(&'a Blocks<'f>);
        impl Drop for StopOnPanic<'_, '_> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.stop();
                }
            }
        }
        let _guard = StopOnPanic(self);
        // The block buffer, back for the next block once no record holds it
        // (its bytes are then neither allocated nor set again).
        let mut spare = BytesMut::new();
        let mut records = Vec::new();
        while let Some(k) = self.claim() {
            records.clear();
            let mut buf = std::mem::take(&mut spare);
            let read = self.read(k, &mut buf);
            let block = buf.freeze();
            let cut = read.map(|(start, end, at)| {
                cut_lines(&block.slice(start..end), at + start as u64, &mut records)
            });
            let (lines, count) = *cut.as_ref().unwrap_or(&(0, 0));
            let Some((lines_before, records_before)) = self.hand_on(k, lines, count) else {
                return;
            };
            let results = cut.map(|_| {
                records
                    .drain(..)
                    .map(|mut r| {
                        r.line += lines_before;
                        r.index += records_before;
                        work(r)
                    })
                    .collect()
            });
            spare = block.try_into_mut().unwrap_or_default();
            if tx.send((k, results)).is_err() {
                return;
            }
        }
    }

    /// The next block to read, once it is within the window; `None` when
    /// there is none left or the run stopped.
    fn claim(&self) -> Option<u64> {
        let mut chain = self.lock();
        while !chain.stop && chain.next >= chain.taken + self.window {
            chain = self.wait(chain);
        }
        if chain.next >= chain.count {
            chain.count = chain.count.max(blocks_of(self.file, self.size));
        }
        if chain.stop || chain.next >= chain.count {
            return None;
        }
        chain.next += 1;
        Some(chain.next - 1)
    }

    /// Waits for the lines and records before block `k`, and hands on the
    /// totals after it; `None` if the run stopped.
    fn hand_on(&self, k: u64, lines: usize, records: usize) -> Option<(usize, usize)> {
        let mut chain = self.lock();
        let before = loop {
            if chain.stop {
                return None;
            }
            if let Some(before) = chain.totals.remove(&k) {
                break before;
            }
            chain = self.wait(chain);
        };
        chain
            .totals
            .insert(k + 1, (before.0 + lines, before.1 + records));
        self.wake(chain);
        Some(before)
    }

    /// Reads block `k` into `buf` (which only grows, so that its bytes are
    /// set once): the offset of `buf[0]` in the file, and where the block's
    /// lines start and end in `buf`.
    fn read(&self, k: u64, buf: &mut BytesMut) -> io::Result<(usize, usize, u64)> {
        let from = (k * self.size).saturating_sub(1);
        let want = usize::try_from((k + 1) * self.size - from).unwrap_or(usize::MAX);
        let mut filled = read_at(self.file, buf, 0, from, want)?;
        // The block's first line starts after the first line end at or after
        // byte k·size - 1 (a line that started before belongs to the block
        // before); none before its last byte: no line starts in it.
        let start = if k == 0 {
            0
        } else {
            match memchr::memchr(b'\n', &buf[..filled.min(want - 1)]) {
                Some(i) => i + 1,
                None => return Ok((0, 0, from)),
            }
        };
        // Its last line ends at the first line end at or after byte
        // (k+1)·size - 1, or at the end of the file. (Whatever the file grew
        // by beyond that is the blocks' after it.)
        let mut searched = filled.min(want - 1);
        loop {
            if let Some(i) = memchr::memchr(b'\n', &buf[searched..filled]) {
                return Ok((start, searched + i + 1, from));
            }
            searched = filled;
            let more = read_at(self.file, buf, filled, from + filled as u64, 1 << 16)?;
            if more == filled {
                return Ok((start, filled, from));
            }
            filled = more;
        }
    }
}

/// The blocks of `size` bytes `file` has now.
fn blocks_of(file: &File, size: u64) -> u64 {
    file.metadata().map_or(0, |m| m.len()).div_ceil(size)
}

/// Reads up to `want` bytes of `file` from `offset` into `buf` after its first
/// `filled` bytes (fewer only at the end of the file), growing `buf` if it is
/// too short; how many bytes of `buf` are then filled.
fn read_at(
    file: &File,
    buf: &mut BytesMut,
    filled: usize,
    offset: u64,
    want: usize,
) -> io::Result<usize> {
    let end = filled.saturating_add(want);
    if buf.len() < end {
        buf.resize(end, 0);
    }
    let mut got = filled;
    while got < end {
        match read_at_most(file, &mut buf[got..end], offset + (got - filled) as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

#[cfg(unix)]
fn read_at_most(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at_most(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    // Never called: `one_per_line` keeps other systems on the reader thread.
    Err(io::ErrorKind::Unsupported.into())
}

/// Cuts a block's lines (the bytes at file offset `at`) into records numbered
/// from line 1 and index 0 of the block; its lines and records.
fn cut_lines(block: &Bytes, at: u64, records: &mut Vec<Record>) -> (usize, usize) {
    let mut lines = 0;
    let mut index = 0;
    let mut from = 0;
    let at = usize::try_from(at).unwrap_or(usize::MAX);
    while from < block.len() {
        let end = memchr::memchr(b'\n', &block[from..]).map_or(block.len(), |i| from + i);
        lines += 1;
        let mut start = from;
        if at + from == 0 && block[..end].starts_with(b"\xEF\xBB\xBF") {
            start = 3;
        }
        if let Some((lead, value)) = stream::line_value(&block[start..end]) {
            let value = block.slice(start + lead..start + lead + value.len());
            let offset = at.saturating_add(start + lead);
            stream::emit(lines, offset, value, &mut index, records);
        }
        from = end + 1;
    }
    (lines, index)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    /// What the one reader thread gives for these bytes.
    fn by_reader(bytes: &[u8]) -> Vec<Record> {
        Records::new(bytes).map(Result::unwrap).collect()
    }

    fn file_of(bytes: &[u8]) -> (tempfile::TempDir, Source) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calls.ndjson");
        std::fs::write(&path, bytes).unwrap();
        let source = Source::file(&path);
        (dir, source)
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// What the blocks give for these bytes, as a file, with blocks of `size`
    /// bytes on `threads` threads; `None` when the file is not one per line.
    fn by_blocks(bytes: &[u8], size: u64, threads: usize) -> Option<Vec<Record>> {
        let (_dir, source) = file_of(bytes);
        let path = source.path.as_deref().unwrap();
        records_in_blocks(path, size, &pool(threads)).unwrap()
    }

    /// Runs `f` on a thread: its result, or `Err` if it panicked; fails the
    /// test if it has not ended within a minute (a deadlock).
    fn within_a_minute<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> Result<R, ()> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(r) => Ok(r),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(()),
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("no end after a minute: a deadlock"),
        }
    }

    /// Lines of every kind the reader thread tells apart.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(r#"{"userId":"u","event":"Order Completed","properties":{"total":1}}"#.to_string()),
            Just(r#"{"batch":[{"event":"a"},{"event":"b","sentAt":"x"}],"sentAt":"2024-05-04T12:00:00Z"}"#.to_string()),
            Just(r#"{"batch":[]}"#.to_string()),
            Just(r#"{"batch":[{"event":"a"}],"other":1}"#.to_string()),
            Just(String::new()),
            Just("   \t ".to_string()),
            Just("{broken".to_string()),
            Just("[1, 2]".to_string()),
            Just("{".to_string()),
            Just("\u{feff}".to_string()),
            "[ -~]{0,40}",
            "\\PC{0,12}",
        ]
        .prop_flat_map(|l| {
            (Just(l), "[ \t]{0,2}", "[ \t]{0,2}", prop_oneof![Just("\n"), Just("\r\n"), Just("\r")])
        })
        .prop_map(|(l, before, after, end)| format!("{before}{l}{after}{end}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Cut anywhere, on any number of threads, the blocks give the reader
        /// thread's records: same bytes, lines, indexes, offsets and batches.
        /// Whatever the first lines are: where the blocks decline the file, it
        /// is one the reader thread does not read one value per line.
        #[test]
        fn blocks_give_the_readers_records(
            lines in prop::collection::vec(line(), 1..24),
            bom in any::<bool>(),
            first_is_a_call in any::<bool>(),
            last_end in any::<bool>(),
            size in 1u64..48,
            threads in 1usize..4,
        ) {
            let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
            if first_is_a_call {
                text.push_str("{\"event\":\"first\"}\n");
            }
            text.extend(lines);
            if !last_end {
                text.truncate(text.trim_end_matches(['\n', '\r']).len());
            }
            let reader = by_reader(text.as_bytes());
            match by_blocks(text.as_bytes(), size, threads) {
                Some(blocks) => prop_assert_eq!(blocks, reader),
                None => prop_assert!(!first_is_a_call, "a file of calls declined"),
            }
        }
    }

    #[test]
    fn other_forms_go_to_the_reader_thread() {
        for text in [
            "[{\"event\":\"a\"}]\n",
            "\u{feff} \n [{\"event\":\"a\"},\n{\"event\":\"b\"}]",
            "{\n\"event\": \"a\"}\n",
            "\n\n",
            "",
        ] {
            assert_eq!(by_blocks(text.as_bytes(), 4, 2), None, "{text:?}");
        }
        let gzip = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0];
        assert_eq!(by_blocks(&gzip, 4, 2), None);
        let text = b"\xEF\xBB\xBF\r\n \n  {\"event\":\"a\"}\r\n{\"event\":\"b\"}";
        assert_eq!(by_blocks(text, 4, 2), Some(by_reader(text)));
    }

    /// Through `each_record`, at the real block size, over several blocks.
    #[test]
    fn each_record_reads_files_in_blocks_as_the_reader_would() {
        let mut text = Vec::new();
        for i in 0..9000 {
            let pad = "x".repeat(i % 700);
            text.extend_from_slice(format!("{{\"event\":\"e{i}\",\"p\":\"{pad}\"}}\n").as_bytes());
            if i % 1000 == 0 {
                text.extend_from_slice(b"{\"batch\":[{\"event\":\"a\"},{\"event\":\"b\"}]}\n\n");
            }
        }
        assert!(text.len() as u64 > 2 * BLOCK);
        let (_dir, source) = file_of(&text);
        assert!(one_per_line(&source).unwrap().is_some());
        let mut got = Vec::new();
        each_record(&source, &pool(2), &|r| r, &mut |r| {
            got.push(r);
            Ok::<(), FileError>(())
        })
        .unwrap();
        assert_eq!(got, by_reader(&text));
    }

    #[test]
    fn an_error_while_taking_stops_every_thread() {
        let taken = within_a_minute(|| {
            let (_dir, source) = file_of("{\"event\":\"a\"}\n".repeat(500).as_bytes());
            let file = one_per_line(&source).unwrap().unwrap();
            let mut taken = 0;
            let result =
                Blocks::new(&file, 64, 2).run(&source, &pool(2), &|r| r.line, &mut |line| {
                    taken += 1;
                    if line == 100 {
                        return Err(FileError::Read {
                            label: "stop".into(),
                            source: io::ErrorKind::Other.into(),
                        });
                    }
                    Ok(())
                });
            assert!(result.is_err());
            taken
        });
        assert_eq!(taken, Ok(100));
    }

    /// A panic in `work` or in `take` is a panic of the call, not a hang.
    #[test]
    fn a_panic_in_work_or_take_ends_the_run() {
        for panic_in_take in [false, true] {
            let ended = within_a_minute(move || {
                let (_dir, source) = file_of("{\"event\":\"a\"}\n".repeat(5000).as_bytes());
                let file = one_per_line(&source).unwrap().unwrap();
                let work = |r: Record| {
                    assert!(panic_in_take || r.line != 200, "work panics");
                    r.line
                };
                let _ = Blocks::new(&file, 64, 2).run(&source, &pool(2), &work, &mut |line| {
                    assert!(!panic_in_take || line != 200, "take panics");
                    Ok::<(), FileError>(())
                });
            });
            assert_eq!(ended, Err(()), "panic in take: {panic_in_take}");
        }
    }

    /// Called from one of the pool's own threads, the run does not wait for itself.
    #[test]
    fn each_record_from_inside_the_pool() {
        let lines = within_a_minute(|| {
            let (_dir, source) = file_of("{\"event\":\"a\"}\n".repeat(300).as_bytes());
            let pool = pool(1);
            let mut lines = 0;
            pool.install(|| {
                each_record(&source, &pool, &|r| r.line, &mut |_| {
                    lines += 1;
                    Ok::<(), FileError>(())
                })
            })
            .unwrap();
            lines
        });
        assert_eq!(lines, Ok(300));
    }

    /// A named pipe is opened once: what its writer sends is all read.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let lines = within_a_minute(move || {
            let writer_path = path.clone();
            let writer = std::thread::spawn(move || {
                std::fs::write(writer_path, "{\"event\":\"a\"}\n".repeat(1000)).unwrap();
            });
            let mut lines = 0;
            each_record(&Source::file(&path), &pool(2), &|r| r.line, &mut |_| {
                lines += 1;
                Ok::<(), FileError>(())
            })
            .unwrap();
            writer.join().unwrap();
            lines
        });
        assert_eq!(lines, Ok(1000));
    }
}
