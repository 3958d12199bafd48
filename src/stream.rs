//! Splitting an input stream into records, as the CLI reads it.
//!
//! Accepted forms, told apart by the first non-blank line:
//!
//! - **NDJSON / JSON Lines**: one call per line (the default). Blank lines are
//!   skipped; a line that is not JSON is still a record (the validator reports it
//!   as `invalid_json`) and the next line is read normally.
//! - **A JSON array** of calls: `[` first. Elements are cut one at a time, so the
//!   array may be of any size.
//! - **Pretty-printed JSON values**, one after another (a single call spread over
//!   many lines, say): a first line that opens a value without closing it.
//!
//! In any of these forms a value may be a **batch**, as the vendors' clients POST
//! to their `/v1/batch` endpoints. The rule is exact: a batch is a JSON object
//! whose `batch` member is an array and whose other members are all among
//! [`BATCH_FIELDS`] (`writeKey`, `sentAt`, `timestamp`, `context`,
//! `integrations`), each key once. Anything else — a track call that merely
//! carries a `batch` array, say — is one call.
//!
//! - Each element of a batch is one record; an **empty batch** is one record of
//!   its own, which [`Record::validate`] reports as `empty_batch` (a warning).
//! - Batch-level members are **defaults for every element**, as at the vendors'
//!   endpoints: `context` and `integrations` are merged under the element's own
//!   (the element's keys win), `writeKey` and `sentAt` apply where the element
//!   has none, and RudderStack's batch-level `timestamp` (its client's send time)
//!   applies as `sentAt` where neither the element nor the batch has one. So
//!   every batch-level value either appears in the call as validated
//!   ([`Record::call`]) or was overridden by the element's own.
//! - Elements are merged without building a `serde_json::Value`: their members
//!   are kept byte for byte, in their order, duplicates included.
//!
//! A UTF-8 byte-order mark and CRLF line ends are accepted. Every input byte that
//! is not white space or array punctuation ends up in exactly one record (a
//! batch's own wrapper in each of its elements' [`Record::batch`] span): nothing
//! is dropped, nothing duplicated. Memory stays bounded by the largest record (a
//! batch is one record while it is split).

use std::collections::VecDeque;
use std::io::{self, BufRead, Write};
use std::ops::Range;

use bytes::Bytes;
use serde::de;
use serde_json::value::RawValue;

use crate::declare::raw::Members;
use crate::declare::{Kind, Violation};
use crate::{Report, Validator};

/// The members a batch may carry beside `batch`: the batch-level defaults of the
/// vendors' clients (Segment's and Customer.io's node clients send `writeKey`
/// and `sentAt`; RudderStack's sends `sentAt` and `timestamp`; the HTTP APIs
/// also take `context` and `integrations`).
pub const BATCH_FIELDS: &[&str] = &["writeKey", "sentAt", "timestamp", "context", "integrations"];

/// One record of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// 0-based index of the record in its source.
    pub index: usize,
    /// Byte offset of `raw` in the input (a byte-order mark counts).
    pub offset: usize,
    /// The record's bytes exactly as they appear in the input (without the line
    /// end). They share the buffer they were read into (a batch's, or a block of
    /// a file's): cutting a record allocates nothing, and the buffer is freed
    /// with its last record (so a record kept long keeps its block; copy the
    /// bytes out with `to_vec()` to let it go).
    pub raw: Bytes,
    /// The call to validate when it differs from `raw`: a batch element with the
    /// batch-level defaults applied.
    pub merged: Option<Vec<u8>>,
    /// The batch this record comes from, if any.
    pub batch: Option<Batch>,
}

/// Where a batch record comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The whole batch's bytes in the input.
    pub span: Range<usize>,
    /// How many elements the batch has (0: the record is the empty batch itself).
    pub elements: usize,
}

impl Record {
    /// The bytes to validate: the call as the pipeline would see it.
    pub fn call(&self) -> &[u8] {
        self.merged.as_deref().unwrap_or(&self.raw)
    }

    /// Whether this record is an empty batch (which stands for itself).
    pub fn is_empty_batch(&self) -> bool {
        self.batch.as_ref().is_some_and(|b| b.elements == 0)
    }

    /// Validates the record: its [call](Record::call), or, for an empty batch, a
    /// report with the one `empty_batch` warning.
    ///
    /// ```
    /// use semantic_events::{Code, Validator, stream::Records};
    /// let record = Records::new(&b"{\"batch\": []}"[..]).next().unwrap().unwrap();
    /// let report = record.validate(&Validator::new());
    /// assert!(report.is_valid());
    /// assert_eq!(report.violations()[0].code(), Code::EmptyBatch);
    /// ```
    pub fn validate(&self, validator: &Validator) -> Report {
        if self.is_empty_batch() {
            let severity = validator.severity_of(crate::Code::EmptyBatch);
            let mut report = Report::default();
            report
                .violations
                .push(Violation::new("", severity, Kind::EmptyBatch));
            return report;
        }
        validator.validate_slice(self.call())
    }

    /// Writes the call as one line of NDJSON (without the line end): the
    /// [call](Record::call) with each line end inside it (a pretty-printed value's)
    /// turned into a space, which leaves a JSON value unchanged.
    ///
    /// # Errors
    /// The writer's.
    pub fn write_line(&self, w: &mut impl Write) -> io::Result<()> {
        write_line(self.call(), w)
    }
}

/// Writes a JSON value as one line of NDJSON (without the line end): each line
/// end inside it (a pretty-printed value's) turned into a space, which leaves a
/// JSON value unchanged; other bytes are written as they are.
///
/// ```
/// let mut out = Vec::new();
/// semantic_events::stream::write_line(b"{\r\n  \"a\": 1\n}", &mut out).unwrap();
/// assert_eq!(out, b"{   \"a\": 1 }");
/// ```
///
/// # Errors
/// The writer's.
pub fn write_line(call: &[u8], w: &mut impl Write) -> io::Result<()> {
    if memchr::memchr2(b'\n', b'\r', call).is_none() {
        return w.write_all(call);
    }
    let mut rest = call;
    while let Some(i) = memchr::memchr2(b'\n', b'\r', rest) {
        w.write_all(&rest[..i])?;
        let skip = if rest[i..].starts_with(b"\r\n") { 2 } else { 1 };
        w.write_all(b" ")?;
        rest = &rest[i + skip..];
    }
    w.write_all(rest)
}

/// A line: where it starts in the input, its number, its bytes without the
/// line end, and that line end.
struct Line {
    offset: usize,
    number: usize,
    bytes: Vec<u8>,
    ending: &'static [u8],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Undecided,
    Lines,
    Array,
    Values,
    Done,
}

/// The form of a stream, told by its first non-blank line (trimmed).
fn mode_of(first: &[u8]) -> Mode {
    if first.first() == Some(&b'[') {
        Mode::Array
    } else if serde_json::from_slice::<de::IgnoredAny>(first).is_err()
        && matches!(first.last(), Some(b'{' | b'[' | b','))
    {
        Mode::Values
    } else {
        Mode::Lines
    }
}

/// Whether a stream whose first non-blank line is `first` (without its line
/// end) has one value per line: the form whose lines can be cut anywhere,
/// which is what lets [`crate::files`] read a file's parts in parallel.
#[cfg(feature = "files")]
pub(crate) fn is_one_per_line(first: &[u8]) -> bool {
    line_value(first).is_some_and(|(_, trimmed)| mode_of(trimmed) == Mode::Lines)
}

/// A line's value: where it starts after leading white space, and the line
/// without its surrounding white space; `None` for a blank line.
pub(crate) fn line_value(line: &[u8]) -> Option<(usize, &[u8])> {
    let trimmed = line.trim_ascii();
    (!trimmed.is_empty()).then(|| (line.len() - line.trim_ascii_start().len(), trimmed))
}

/// Pushes the records one value (a call, or a batch) stands for onto `out`,
/// numbering them from `index` on.
pub(crate) fn emit(
    line: usize,
    offset: usize,
    raw: Bytes,
    index: &mut usize,
    out: &mut impl Extend<Record>,
) {
    let mut next = || {
        *index += 1;
        *index - 1
    };
    match split_batch(&raw) {
        Some(elements) if !elements.is_empty() => {
            let span = offset..offset + raw.len();
            let count = elements.len();
            out.extend(elements.into_iter().map(|element| Record {
                line: line + element.lines,
                index: next(),
                offset: offset + element.at.start,
                raw: raw.slice(element.at),
                merged: element.merged,
                batch: Some(Batch {
                    span: span.clone(),
                    elements: count,
                }),
            }));
        }
        empty => {
            let batch = empty.map(|_| Batch {
                span: offset..offset + raw.len(),
                elements: 0,
            });
            out.extend(Some(Record {
                line,
                index: next(),
                offset,
                raw,
                merged: None,
                batch,
            }));
        }
    }
}

/// An iterator over the records of a stream. See the [module docs](self).
///
/// ```
/// use semantic_events::stream::Records;
/// let input = b"{\"event\":\"a\"}\n\n{broken\n{\"batch\":[{\"event\":\"b\"},{\"event\":\"c\"}],\"sentAt\":\"2024-05-04T12:00:00Z\"}\n";
/// let records: Vec<_> = Records::new(&input[..]).collect::<Result<_, _>>().unwrap();
/// assert_eq!(records.len(), 4);
/// assert_eq!(records[1].raw, &b"{broken"[..]);
/// assert_eq!(records[1].line, 3);
/// assert_eq!(records[3].raw, &b"{\"event\":\"c\"}"[..]);
/// assert_eq!(&input[records[3].offset..][..13], b"{\"event\":\"c\"}");
/// assert!(std::str::from_utf8(records[3].call()).unwrap().contains("sentAt"));
/// ```
pub struct Records<R> {
    reader: R,
    mode: Mode,
    /// The next line's number.
    line: usize,
    /// Bytes read so far.
    consumed: usize,
    index: usize,
    /// Records split from a batch, waiting to be handed out.
    pending: VecDeque<Record>,
    /// A line (or the rest of one) read but not yet consumed.
    lookahead: Option<Line>,
    /// Reused for reading lines.
    scratch: Vec<u8>,
    /// In array mode: the opening `[` has been read.
    array_open: bool,
}

impl<R: BufRead> Records<R> {
    /// Reads records from `reader`.
    pub fn new(reader: R) -> Records<R> {
        Records {
            reader,
            mode: Mode::Undecided,
            line: 1,
            consumed: 0,
            index: 0,
            pending: VecDeque::new(),
            lookahead: None,
            scratch: Vec::new(),
            array_open: false,
        }
    }

    /// Reads one line; `None` at the end of input.
    fn read_line(&mut self) -> io::Result<Option<Line>> {
        if let Some(line) = self.lookahead.take() {
            return Ok(Some(line));
        }
        self.scratch.clear();
        let read = self.reader.read_until(b'\n', &mut self.scratch)?;
        if read == 0 {
            return Ok(None);
        }
        let mut offset = self.consumed;
        self.consumed += read;
        // One allocation of the line's own size (the scratch buffer grows once).
        let mut bytes = self.scratch.clone();
        let number = self.line;
        self.line += 1;
        let mut ending: &'static [u8] = b"";
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            ending = b"\n";
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
                ending = b"\r\n";
            }
        }
        if offset == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
            offset = 3;
        }
        Ok(Some(Line {
            offset,
            number,
            bytes,
            ending,
        }))
    }

    fn decide(&mut self) -> io::Result<()> {
        loop {
            let Some(line) = self.read_line()? else {
                self.mode = Mode::Done;
                return Ok(());
            };
            let Some((_, trimmed)) = line_value(&line.bytes) else {
                continue;
            };
            self.mode = mode_of(trimmed);
            self.lookahead = Some(line);
            return Ok(());
        }
    }

    /// The records one value (a call, or a batch) stands for.
    fn emit(&mut self, line: usize, offset: usize, raw: Vec<u8>) {
        emit(line, offset, raw.into(), &mut self.index, &mut self.pending);
    }

    fn next_line_record(&mut self) -> io::Result<bool> {
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(false);
            };
            let Some((start, trimmed)) = line_value(&line.bytes) else {
                continue;
            };
            let raw = if trimmed.len() == line.bytes.len() {
                line.bytes
            } else {
                trimmed.to_vec()
            };
            self.emit(line.number, line.offset + start, raw);
            return Ok(true);
        }
    }

    /// Cuts the next JSON value (an array element, or a run of garbage up to a
    /// line end) from the stream, scanning strings and brackets.
    fn next_scanned(&mut self) -> io::Result<bool> {
        let mut scanner = Scanner::default();
        let mut value: Vec<u8> = Vec::new();
        // The line and byte offset where the value starts.
        let mut start: Option<(usize, usize)> = None;
        loop {
            let Some(line) = self.read_line()? else {
                self.mode = Mode::Done;
                if let Some((number, offset)) = start {
                    let raw = value.trim_ascii_end().to_vec();
                    self.emit(number, offset, raw);
                    return Ok(true);
                }
                return Ok(false);
            };
            let bytes = &line.bytes;
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if start.is_none() {
                    let array = self.mode == Mode::Array;
                    match b {
                        _ if b.is_ascii_whitespace() => {}
                        b'[' if array && !self.array_open => self.array_open = true,
                        b',' if array && self.array_open => {}
                        b']' if array && self.array_open => {
                            // The array ended: anything after it is another value.
                            self.array_open = false;
                            self.mode = Mode::Values;
                        }
                        _ => start = Some((line.number, line.offset + i)),
                    }
                    if start.is_none() {
                        i += 1;
                        continue;
                    }
                }
                let separator = self.mode == Mode::Array
                    && scanner.depth == 0
                    && !scanner.in_string
                    && matches!(b, b',' | b']');
                if separator {
                    // A scalar element ends before its separator.
                    return Ok(self.cut(&mut value, start, &line, i));
                }
                value.push(b);
                i += 1;
                if scanner.feed(b) {
                    return Ok(self.cut(&mut value, start, &line, i));
                }
            }
            if start.is_some() {
                if self.mode == Mode::Values && scanner.depth == 0 && !scanner.in_string {
                    // A scalar or garbage outside any value ends at its line end.
                    return Ok(self.cut(&mut value, start, &line, bytes.len()));
                }
                value.extend_from_slice(line.ending);
            }
        }
    }

    /// Emits a scanned value that ends at byte `at` of `line`; the rest of the
    /// line is read next.
    fn cut(
        &mut self,
        value: &mut Vec<u8>,
        start: Option<(usize, usize)>,
        line: &Line,
        at: usize,
    ) -> bool {
        let rest = &line.bytes[at..];
        if !rest.trim_ascii().is_empty() {
            self.lookahead = Some(Line {
                offset: line.offset + at,
                number: line.number,
                bytes: rest.to_vec(),
                ending: line.ending,
            });
        }
        let raw = value.trim_ascii_end().to_vec();
        value.clear();
        let (number, offset) = start.unwrap_or((line.number, line.offset + at));
        self.emit(number, offset, raw);
        true
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Some(Ok(r));
            }
            let step = match self.mode {
                Mode::Undecided => self.decide().map(|()| true),
                Mode::Lines => self.next_line_record(),
                Mode::Array | Mode::Values => self.next_scanned(),
                Mode::Done => Ok(false),
            };
            match step {
                Ok(true) => {}
                Ok(false) => {
                    self.mode = Mode::Done;
                    return self.pending.pop_front().map(Ok);
                }
                Err(e) => {
                    self.mode = Mode::Done;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// Tracks strings and brackets to find where a JSON value ends.
#[derive(Default)]
struct Scanner {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Scanner {
    /// Feeds one byte of a value; `true` when the value just closed.
    fn feed(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                return self.depth == 0;
            }
            return false;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                return self.depth == 0;
            }
            _ => {}
        }
        false
    }
}

/// One element of a batch.
struct BatchElement {
    /// Lines between the batch's first line and the element's.
    lines: usize,
    /// Where the element's bytes are in the batch's.
    at: Range<usize>,
    /// The element with the batch-level defaults applied.
    merged: Option<Vec<u8>>,
}

/// Whether `raw` may be a batch as far as its first key tells: an object whose
/// first key is `batch` or a batch-level member, or is spelled with an escape.
/// Most calls start with a key no batch has (`event`, `type`, `userId`…), and are
/// then settled without searching their bytes.
fn first_key_may_batch(raw: &[u8]) -> bool {
    let rest = raw.trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"{") else {
        return false;
    };
    let Some(key) = rest.trim_ascii_start().strip_prefix(b"\"") else {
        // An empty object or broken input: not a batch either way, but the
        // full rule decides.
        return true;
    };
    match memchr::memchr2(b'"', b'\\', key) {
        Some(end) if key[end] == b'"' => {
            let key = &key[..end];
            key == b"batch" || BATCH_FIELDS.iter().any(|f| f.as_bytes() == key)
        }
        _ => true,
    }
}

/// A batch's elements, or `None` when `raw` is not a batch (see the module docs).
fn split_batch(raw: &[u8]) -> Option<Vec<BatchElement>> {
    // Only a record that spells "batch" — plainly, or with `\u` escapes — can be one.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"batch\""));
    static ESCAPE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\\u"));
    if !first_key_may_batch(raw) || FINDER.find(raw).is_none() && ESCAPE.find(raw).is_none() {
        return None;
    }
    let text = std::str::from_utf8(raw).ok()?;
    let members = Members::parse(text)?;
    let mut seen = Vec::with_capacity(members.0.len());
    for (key, _) in &members.0 {
        let known = key == "batch" || BATCH_FIELDS.contains(&key.as_ref());
        if !known || seen.contains(&key) {
            return None;
        }
        seen.push(key);
    }
    let elements: Vec<&RawValue> = serde_json::from_str(members.get("batch")?.get()).ok()?;
    let defaults: Vec<(&str, &RawValue)> = members
        .0
        .iter()
        .filter(|(k, _)| k != "batch")
        .map(|(k, v)| (k.as_ref(), *v))
        .collect();
    let base = text.as_ptr() as usize;
    let mut out = Vec::with_capacity(elements.len());
    for element in elements {
        let start = element.get().as_ptr() as usize - base;
        let lines = memchr::memchr_iter(b'\n', &raw[..start]).count();
        let merged = if defaults.is_empty() {
            None
        } else {
            Members::parse(element.get()).map(|call| apply_defaults(&call, &defaults))
        };
        out.push(BatchElement {
            lines,
            at: start..start + element.get().len(),
            merged,
        });
    }
    Some(out)
}

/// The call with a batch's defaults applied (see the module docs), its own
/// members first and unchanged.
fn apply_defaults(call: &Members<'_>, defaults: &[(&str, &RawValue)]) -> Vec<u8> {
    let default = |key: &str| defaults.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let mut out = Vec::with_capacity(call.0.iter().map(|(_, v)| v.get().len() + 16).sum());
    out.push(b'{');
    let mut first = true;
    let mut member = |out: &mut Vec<u8>, key: &str, value: &[u8]| {
        if !first {
            out.push(b',');
        }
        first = false;
        // Serialising a `str` cannot fail.
        let _ = serde_json::to_writer(&mut *out, key);
        out.push(b':');
        out.extend_from_slice(value);
    };
    for (key, value) in &call.0 {
        let merged = match key.as_ref() {
            "context" | "integrations" => default(key).and_then(|d| merge_objects(d, value)),
            _ => None,
        };
        member(
            &mut out,
            key,
            merged.as_deref().unwrap_or(value.get().as_bytes()),
        );
    }
    for (key, value) in defaults {
        let target = if *key == "timestamp" { "sentAt" } else { key };
        let shadowed =
            call.get(target).is_some() || (*key == "timestamp" && default("sentAt").is_some());
        if !shadowed {
            member(&mut out, target, value.get().as_bytes());
        }
    }
    out.push(b'}');
    out
}

/// Two objects' members, `under`'s first where `over` does not have them;
/// `None` unless both are objects.
fn merge_objects(under: &RawValue, over: &RawValue) -> Option<Vec<u8>> {
    let under = Members::parse(under.get())?;
    let over = Members::parse(over.get())?;
    let mut out = Vec::new();
    out.push(b'{');
    let members = under
        .0
        .iter()
        .filter(|(k, _)| over.get(k).is_none())
        .chain(&over.0);
    for (i, (key, value)) in members.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut out, key);
        out.push(b':');
        out.extend_from_slice(value.get().as_bytes());
    }
    out.push(b'}');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn records(input: &str) -> Vec<(usize, usize, String)> {
        Records::new(input.as_bytes())
            .map(|r| r.expect("no I/O error"))
            .map(|r| {
                (
                    r.line,
                    r.index,
                    String::from_utf8(r.raw.to_vec()).expect("utf-8"),
                )
            })
            .collect()
    }

    /// The first-key shortcut settles only what the full rule would: batches
    /// whose first key is a batch-level member or escaped are still found, and a
    /// call that mentions "batch" is still one call.
    #[test]
    fn the_first_key_shortcut_keeps_the_rule() {
        let batches = [
            r#"{"batch":[{"event":"a"}]}"#,
            r#" { "sentAt":"2024-05-04T12:00:00Z","batch":[{"event":"a"}]}"#,
            r#"{"writeKey":"k","context":{},"batch":[{"event":"a"}]}"#,
            r#"{"timestamp":"2024-05-04T12:00:00Z","batch":[{"event":"a"}]}"#,
            r#"{"context":{"ip":"1.2.3.4"},"integrations":{},"batch":[{"event":"a"}]}"#,
            r#"{"integrations":{"All":true},"batch":[{"event":"a"}]}"#,
            r#"{"\u0062atch":[{"event":"a"}]}"#,
        ];
        for text in batches {
            assert!(first_key_may_batch(text.as_bytes()), "{text}");
            assert!(split_batch(text.as_bytes()).is_some(), "{text}");
        }
        let calls = [
            r#"{"event":"a","batch":[{"event":"b"}]}"#,
            r#"{"userId":"u","event":"batch","properties":{"batch":[]}}"#,
            r#"[{"batch":[]}]"#,
        ];
        for text in calls {
            assert!(!first_key_may_batch(text.as_bytes()), "{text}");
            assert!(split_batch(text.as_bytes()).is_none(), "{text}");
        }
    }

    fn all(input: &str) -> Vec<Record> {
        Records::new(input.as_bytes())
            .map(|r| r.expect("no I/O error"))
            .collect()
    }

    #[test]
    fn ndjson_with_blank_lines_crlf_bom_and_a_broken_line() {
        let input = "\u{feff}{\"a\":1}\r\n\r\n  {\"b\":\n{\"c\":3}";
        let got = records(input);
        assert_eq!(
            got,
            [
                (1, 0, "{\"a\":1}".to_string()),
                (3, 1, "{\"b\":".to_string()),
                (4, 2, "{\"c\":3}".to_string())
            ]
        );
        for r in all(input) {
            assert_eq!(&input.as_bytes()[r.offset..][..r.raw.len()], &r.raw[..]);
        }
    }

    #[test]
    fn arrays_are_cut_element_by_element() {
        let input = "[\n {\"a\": \"]\"},\n {\"b\": [1, 2]}\n, 3]\n";
        let got = records(input);
        assert_eq!(
            got,
            [
                (2, 0, "{\"a\": \"]\"}".to_string()),
                (3, 1, "{\"b\": [1, 2]}".to_string()),
                (4, 2, "3".to_string())
            ]
        );
        for r in all(input) {
            assert_eq!(&input.as_bytes()[r.offset..][..r.raw.len()], &r.raw[..]);
        }
    }

    #[test]
    fn pretty_values_one_after_another() {
        let input = "{\n  \"a\": 1\n}\n{\n  \"b\": \"}\"\n}\n";
        let got = all(input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].line, 4);
        assert_eq!(got[1].offset, 13);
        let mut line = Vec::new();
        got[1].write_line(&mut line).unwrap();
        assert_eq!(line, b"{   \"b\": \"}\" }");
    }

    #[test]
    fn batches_apply_their_defaults_under_the_elements_own() {
        let input = r#"{"batch": [{"event": "x", "context": {"ip": "1"}, "integrations": true}, {"event": "y", "sentAt": "own"}], "context": {"ip": "0", "locale": "nl"}, "integrations": {"All": false}, "writeKey": "k", "sentAt": "2024-05-04T12:00:00Z"}"#;
        let recs = all(input);
        assert_eq!(recs.len(), 2);
        let first: Value = serde_json::from_slice(recs[0].call()).unwrap();
        assert_eq!(
            first,
            serde_json::json!({"event": "x", "context": {"locale": "nl", "ip": "1"}, "integrations": true, "writeKey": "k", "sentAt": "2024-05-04T12:00:00Z"})
        );
        let second: Value = serde_json::from_slice(recs[1].call()).unwrap();
        assert_eq!(second["sentAt"], "own");
        assert_eq!(second["context"]["ip"], "0");
        assert_eq!(second["integrations"]["All"], false);
        assert_eq!(recs[1].raw, &br#"{"event": "y", "sentAt": "own"}"#[..]);
        let batch = recs[0].batch.clone().unwrap();
        assert_eq!((batch.span, batch.elements), (0..input.len(), 2));
        assert_eq!(recs[1].offset, input.find(r#"{"event": "y""#).unwrap());
    }

    #[test]
    fn rudderstacks_batch_timestamp_is_the_send_time() {
        let recs = all(
            r#"{"batch": [{"event": "x"}, {"event": "y", "sentAt": "own"}], "timestamp": "T"}"#,
        );
        let first: Value = serde_json::from_slice(recs[0].call()).unwrap();
        assert_eq!(first, serde_json::json!({"event": "x", "sentAt": "T"}));
        let second: Value = serde_json::from_slice(recs[1].call()).unwrap();
        assert_eq!(second, serde_json::json!({"event": "y", "sentAt": "own"}));
        let both = all(r#"{"batch": [{"event": "x"}], "timestamp": "T", "sentAt": "S"}"#);
        let call: Value = serde_json::from_slice(both[0].call()).unwrap();
        assert_eq!(call, serde_json::json!({"event": "x", "sentAt": "S"}));
    }

    #[test]
    fn elements_keep_their_bytes_and_duplicate_keys() {
        let recs = all(r#"{"batch": [{"event": "x", "n": 1.50, "n": "\u00e9"}], "sentAt": "S"}"#);
        assert_eq!(
            std::str::from_utf8(recs[0].call()).unwrap(),
            r#"{"event":"x","n":1.50,"n":"\u00e9","sentAt":"S"}"#
        );
        // Without batch-level fields the element is validated as written.
        let plain = all(r#"{"batch": [{"event": "x"}]}"#);
        assert_eq!(plain[0].merged, None);
    }

    #[test]
    fn an_empty_batch_is_one_record_with_a_warning() {
        let recs = all("{\"batch\":[]}\n{\"batch\": [], \"sentAt\": \"S\"}\n");
        assert_eq!(recs.len(), 2);
        assert!(recs.iter().all(Record::is_empty_batch));
        assert_eq!(recs[1].raw, &br#"{"batch": [], "sentAt": "S"}"#[..]);
        let report = recs[0].validate(&Validator::new());
        assert!(report.is_valid());
        assert_eq!(report.violations().len(), 1);
        assert_eq!(report.violations()[0].code(), crate::Code::EmptyBatch);
    }

    #[test]
    fn a_batch_key_spelled_with_escapes_is_a_batch() {
        let recs = all(r#"{"b\u0061tch": [{"event": "x"}, {"event": "y"}]}"#);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].raw, &br#"{"event": "y"}"#[..]);
    }

    #[test]
    fn only_batches_are_split() {
        for call in [
            r#"{"userId":"u","event":"x","batch":[1,2]}"#,
            r#"{"batch":[1,2],"type":"track"}"#,
            r#"{"batch":[1],"batch":[2]}"#,
            r#"{"batch":{"event":"x"}}"#,
            r#"{"batch":"[]"}"#,
        ] {
            let recs = all(call);
            assert_eq!(recs.len(), 1, "{call}");
            assert_eq!(recs[0].raw, call.as_bytes());
            assert_eq!(recs[0].batch, None, "{call}");
        }
    }

    #[test]
    fn truncated_pretty_value_is_one_record() {
        let got = records("{\n \"a\": [1,\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 1);
    }

    #[test]
    fn empty_input_has_no_records() {
        assert!(records("").is_empty());
        assert!(records("\n \n\r\n").is_empty());
    }
}
