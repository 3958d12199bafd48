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
//! - **Segment-style batches** `{"batch": [...], "context": {...}, "sentAt": "..."}`,
//!   in any of the forms above: each element is a record; the batch's `context`
//!   is merged under the element's (the element's keys win) and its `sentAt`
//!   applies where the element has none, as the vendors' batch endpoints do.
//!
//! A UTF-8 byte-order mark and CRLF line ends are accepted. Every input byte that
//! is not white space ends up in exactly one record: nothing is dropped, nothing
//! duplicated. Memory stays bounded by the largest record (a batch is one record
//! while it is split).

use std::io::{self, BufRead};

use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// One record of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// 0-based index of the record in its source.
    pub index: usize,
    /// The record's bytes exactly as they appear in the input (without the line end).
    pub raw: Vec<u8>,
    /// The call to validate when it differs from `raw` (a batch element with the
    /// batch's `context` and `sentAt` applied).
    pub merged: Option<Vec<u8>>,
}

impl Record {
    /// The bytes to validate.
    pub fn call(&self) -> &[u8] {
        self.merged.as_deref().unwrap_or(&self.raw)
    }
}

/// A line: its number, its bytes without the line end, and that line end.
type Line = (usize, Vec<u8>, &'static [u8]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Undecided,
    Lines,
    Array,
    Values,
    Done,
}

/// An iterator over the records of a stream. See the [module docs](self).
///
/// ```
/// use semantic_events::stream::Records;
/// let input = b"{\"event\":\"a\"}\n\n{broken\n{\"batch\":[{\"event\":\"b\"},{\"event\":\"c\"}],\"sentAt\":\"2024-05-04T12:00:00Z\"}\n";
/// let records: Vec<_> = Records::new(&input[..]).collect::<Result<_, _>>().unwrap();
/// assert_eq!(records.len(), 4);
/// assert_eq!(records[1].raw, b"{broken");
/// assert_eq!(records[1].line, 3);
/// assert_eq!(records[3].raw, b"{\"event\":\"c\"}");
/// assert!(std::str::from_utf8(records[3].call()).unwrap().contains("sentAt"));
/// ```
pub struct Records<R> {
    reader: R,
    mode: Mode,
    /// The next line's number.
    line: usize,
    index: usize,
    /// Records split from a batch, waiting to be handed out.
    pending: std::collections::VecDeque<Record>,
    /// A line read while deciding the mode, not yet consumed.
    lookahead: Option<(usize, Vec<u8>)>,
    /// The line end of the lookahead line.
    lookahead_ending: &'static [u8],
    /// Reused for reading lines.
    scratch: Vec<u8>,
    started: bool,
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
            index: 0,
            pending: std::collections::VecDeque::new(),
            lookahead: None,
            lookahead_ending: b"",
            scratch: Vec::new(),
            started: false,
            array_open: false,
        }
    }

    fn next_index(&mut self) -> usize {
        self.index += 1;
        self.index - 1
    }

    /// Reads one line without its line end; `None` at the end of input.
    fn read_line(&mut self) -> io::Result<Option<(usize, Vec<u8>)>> {
        Ok(self.read_line_ending()?.map(|(n, line, _)| (n, line)))
    }

    /// Reads one line; also returns the line end it had (`\n`, `\r\n` or none),
    /// so that values spread over lines are kept byte for byte.
    fn read_line_ending(&mut self) -> io::Result<Option<Line>> {
        if let Some((n, line)) = self.lookahead.take() {
            let ending = std::mem::take(&mut self.lookahead_ending);
            return Ok(Some((n, line, ending)));
        }
        self.scratch.clear();
        if self.reader.read_until(b'\n', &mut self.scratch)? == 0 {
            return Ok(None);
        }
        // One allocation of the line's own size (the scratch buffer grows once).
        let mut buf = self.scratch.clone();
        let number = self.line;
        self.line += 1;
        let mut ending: &'static [u8] = b"";
        if buf.last() == Some(&b'\n') {
            buf.pop();
            ending = b"\n";
            if buf.last() == Some(&b'\r') {
                buf.pop();
                ending = b"\r\n";
            }
        }
        if !self.started {
            self.started = true;
            if buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
        }
        Ok(Some((number, buf, ending)))
    }

    fn decide(&mut self) -> io::Result<()> {
        loop {
            let Some((number, line, ending)) = self.read_line_ending()? else {
                self.mode = Mode::Done;
                return Ok(());
            };
            let trimmed = line.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            self.mode = if trimmed[0] == b'[' {
                Mode::Array
            } else if serde_json::from_slice::<serde::de::IgnoredAny>(trimmed).is_err()
                && matches!(trimmed.last(), Some(b'{' | b'[' | b','))
            {
                Mode::Values
            } else {
                Mode::Lines
            };
            self.lookahead = Some((number, line));
            self.lookahead_ending = ending;
            return Ok(());
        }
    }

    /// The records one value (a call, or a batch) stands for.
    fn emit(&mut self, line: usize, raw: Vec<u8>) {
        if let Some(elements) = split_batch(&raw) {
            for element in elements {
                let index = self.next_index();
                self.pending.push_back(Record {
                    line: line + element.lines,
                    index,
                    raw: element.raw,
                    merged: element.merged,
                });
            }
        } else {
            let index = self.next_index();
            self.pending.push_back(Record {
                line,
                index,
                raw,
                merged: None,
            });
        }
    }

    fn next_line_record(&mut self) -> io::Result<bool> {
        loop {
            let Some((number, line)) = self.read_line()? else {
                return Ok(false);
            };
            let trimmed = line.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            let raw = if trimmed.len() == line.len() {
                line
            } else {
                trimmed.to_vec()
            };
            self.emit(number, raw);
            return Ok(true);
        }
    }

    /// Cuts the next JSON value (an array element, or a run of garbage up to a
    /// line end) from the stream, scanning strings and brackets.
    fn next_scanned(&mut self) -> io::Result<bool> {
        let mut scanner = Scanner::default();
        let mut value: Vec<u8> = Vec::new();
        let mut start: Option<usize> = None;
        loop {
            let Some((number, line, ending)) = self.read_line_ending()? else {
                self.mode = Mode::Done;
                if let Some(first) = start {
                    let raw = value.trim_ascii().to_vec();
                    self.emit(first, raw);
                    return Ok(true);
                }
                return Ok(false);
            };
            let mut i = 0;
            while i < line.len() {
                let b = line[i];
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
                        _ => start = Some(number),
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
                    return Ok(self.cut(&mut value, start, number, &line[i..], ending));
                }
                value.push(b);
                i += 1;
                if scanner.feed(b) {
                    return Ok(self.cut(&mut value, start, number, &line[i..], ending));
                }
            }
            if start.is_some() {
                if self.mode == Mode::Values && scanner.depth == 0 && !scanner.in_string {
                    // A scalar or garbage outside any value ends at its line end.
                    return Ok(self.cut(&mut value, start, number, &[], ending));
                }
                value.extend_from_slice(ending);
            }
        }
    }

    /// Emits a scanned value; the rest of its line is read next.
    fn cut(
        &mut self,
        value: &mut Vec<u8>,
        start: Option<usize>,
        number: usize,
        rest: &[u8],
        ending: &'static [u8],
    ) -> bool {
        if !rest.trim_ascii().is_empty() {
            self.lookahead = Some((number, rest.to_vec()));
            self.lookahead_ending = ending;
        }
        let raw = value.trim_ascii().to_vec();
        value.clear();
        self.emit(start.unwrap_or(number), raw);
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
    /// The element's bytes as they appear.
    raw: Vec<u8>,
    /// The element with the batch's `context` and `sentAt` applied.
    merged: Option<Vec<u8>>,
}

#[derive(serde::Deserialize)]
struct BatchPayload<'a> {
    #[serde(borrow)]
    batch: Vec<&'a RawValue>,
    #[serde(default)]
    context: Option<Map<String, Value>>,
    #[serde(default, rename = "sentAt")]
    sent_at: Option<Value>,
}

/// A batch's elements, or `None` when `raw` is not a batch.
fn split_batch(raw: &[u8]) -> Option<Vec<BatchElement>> {
    // Only a record that mentions "batch" can be one.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"batch\""));
    FINDER.find(raw)?;
    let text = std::str::from_utf8(raw).ok()?;
    let batch: BatchPayload<'_> = serde_json::from_str(text).ok()?;
    let base = text.as_ptr() as usize;
    let mut out = Vec::with_capacity(batch.batch.len());
    for element in &batch.batch {
        let offset = element.get().as_ptr() as usize - base;
        let lines = text[..offset].matches('\n').count();
        let merged = match serde_json::from_str::<Value>(element.get()) {
            Ok(Value::Object(call)) => merge(call, &batch),
            _ => None,
        };
        out.push(BatchElement {
            lines,
            raw: element.get().as_bytes().to_vec(),
            merged,
        });
    }
    Some(out)
}

/// Applies a batch's `context` (under the call's own keys) and `sentAt` (where
/// the call has none).
fn merge(mut call: Map<String, Value>, batch: &BatchPayload<'_>) -> Option<Vec<u8>> {
    if let Some(ctx) = &batch.context {
        let mut merged_ctx = ctx.clone();
        match call.remove("context") {
            Some(Value::Object(own)) => merged_ctx.extend(own),
            // Not an object: keep it, for the validator to report.
            Some(other) => {
                call.insert("context".into(), other);
            }
            None => {}
        }
        call.entry("context")
            .or_insert_with(|| Value::Object(merged_ctx));
    }
    if let Some(sent_at) = &batch.sent_at {
        call.entry("sentAt").or_insert_with(|| sent_at.clone());
    }
    serde_json::to_vec(&Value::Object(call)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &str) -> Vec<(usize, usize, String)> {
        Records::new(input.as_bytes())
            .map(|r| r.expect("no I/O error"))
            .map(|r| (r.line, r.index, String::from_utf8(r.raw).expect("utf-8")))
            .collect()
    }

    #[test]
    fn ndjson_with_blank_lines_crlf_bom_and_a_broken_line() {
        let got = records("\u{feff}{\"a\":1}\r\n\r\n{\"b\":\n{\"c\":3}");
        assert_eq!(
            got,
            [
                (1, 0, "{\"a\":1}".to_string()),
                (3, 1, "{\"b\":".to_string()),
                (4, 2, "{\"c\":3}".to_string())
            ]
        );
    }

    #[test]
    fn arrays_are_cut_element_by_element() {
        let got = records("[\n {\"a\": \"]\"},\n {\"b\": [1, 2]}\n, 3]\n");
        assert_eq!(
            got,
            [
                (2, 0, "{\"a\": \"]\"}".to_string()),
                (3, 1, "{\"b\": [1, 2]}".to_string()),
                (4, 2, "3".to_string())
            ]
        );
    }

    #[test]
    fn pretty_values_one_after_another() {
        let got = records("{\n  \"a\": 1\n}\n{\n  \"b\": \"}\"\n}\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, 4);
        assert!(got[1].2.contains("\"b\""));
    }

    #[test]
    fn batches_merge_context_and_sent_at() {
        let input = r#"{"batch": [{"event": "x", "context": {"ip": "1"}}, {"event": "y"}], "context": {"ip": "0", "locale": "nl"}, "sentAt": "2024-05-04T12:00:00Z"}"#;
        let recs: Vec<Record> = Records::new(input.as_bytes()).map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        let first: Value = serde_json::from_slice(recs[0].call()).unwrap();
        assert_eq!(first["context"]["ip"], "1");
        assert_eq!(first["context"]["locale"], "nl");
        assert_eq!(first["sentAt"], "2024-05-04T12:00:00Z");
        assert_eq!(recs[1].raw, br#"{"event": "y"}"#);
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
