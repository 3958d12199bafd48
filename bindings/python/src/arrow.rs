//! Validating a whole Arrow column in one call: the entry point behind
//! `semantic_events.spark`.
//!
//! Python hands over the buffers of an Arrow string or binary array (validity
//! bitmap, offsets, data); each value is read as a stream of records, as the
//! CLI reads a file (a batch line expands to its calls), and validated with the
//! GIL released. What comes back is the buffers of the result columns, laid out
//! as Arrow lays them out, so that `pyarrow.Array.from_buffers` wraps them
//! without a copy: the input row of each result, the result's index in its row,
//! `valid`, `semantic`, `category`, `event`, and the violations as a list of
//! structs of `path`, `code`, `severity`, `message`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use semantic_events::report::{Location, Stats};
use semantic_events::stream::Records;
use semantic_events::{Code, Report, Validator};

/// An Arrow array of strings being built: 32-bit offsets, data, validity.
#[derive(Default)]
struct Strings {
    offsets: Vec<i32>,
    data: Vec<u8>,
    validity: Bits,
}

impl Strings {
    fn new() -> Strings {
        Strings {
            offsets: vec![0],
            ..Strings::default()
        }
    }

    fn push(&mut self, value: Option<&str>) -> Result<(), Overflow> {
        if let Some(v) = value {
            self.data.extend_from_slice(v.as_bytes());
        }
        self.offsets
            .push(i32::try_from(self.data.len()).map_err(|_| Overflow)?);
        self.validity.push(value.is_some());
        Ok(())
    }
}

/// A validity or boolean bitmap, least significant bit first, and its count
/// of unset bits.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
    unset: usize,
}

impl Bits {
    fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            if let Some(last) = self.bytes.last_mut() {
                *last |= 1 << (self.len % 8);
            }
        } else {
            self.unset += 1;
        }
        self.len += 1;
    }
}

/// A result column outgrew 32-bit offsets (2 GiB of text in one batch).
struct Overflow;

/// The result columns of one batch.
struct Columns {
    rows: Vec<i32>,
    elements: Vec<i32>,
    valid: Bits,
    semantic: Strings,
    category: Strings,
    event: Strings,
    /// Offsets of each result's violations in the struct children below.
    violations: Vec<i32>,
    path: Strings,
    code: Strings,
    severity: Strings,
    message: Strings,
}

impl Columns {
    fn new() -> Columns {
        Columns {
            rows: Vec::new(),
            elements: Vec::new(),
            valid: Bits::default(),
            semantic: Strings::new(),
            category: Strings::new(),
            event: Strings::new(),
            violations: vec![0],
            path: Strings::new(),
            code: Strings::new(),
            severity: Strings::new(),
            message: Strings::new(),
        }
    }

    fn push(&mut self, row: i32, element: i32, r: &Report) -> Result<(), Overflow> {
        self.rows.push(row);
        self.elements.push(element);
        self.valid.push(r.is_valid());
        self.semantic.push(r.event().map(|e| e.name))?;
        self.category.push(r.category().map(Into::into))?;
        self.event.push(r.event_name())?;
        for v in r.violations() {
            self.path.push(Some(v.path()))?;
            self.code.push(Some(v.code().into()))?;
            self.severity.push(Some(v.severity().into()))?;
            self.message.push(Some(&v.message()))?;
        }
        let n = self.path.offsets.len() - 1;
        self.violations
            .push(i32::try_from(n).map_err(|_| Overflow)?);
        Ok(())
    }

    /// A value that holds no record (null, empty or only white space): one
    /// result with an `invalid_json` violation, never a row that vanishes.
    fn push_empty(&mut self, row: i32, what: &str) -> Result<(), Overflow> {
        self.rows.push(row);
        self.elements.push(0);
        self.valid.push(false);
        self.semantic.push(None)?;
        self.category.push(None)?;
        self.event.push(None)?;
        self.path.push(Some(""))?;
        self.code.push(Some(Code::InvalidJson.into()))?;
        self.severity.push(Some("error"))?;
        self.message.push(Some(&format!("not JSON: {what}")))?;
        let n = self.path.offsets.len() - 1;
        self.violations
            .push(i32::try_from(n).map_err(|_| Overflow)?);
        Ok(())
    }
}

/// The input column's buffers (see the module docs).
pub(crate) struct Input<'a> {
    pub(crate) length: usize,
    pub(crate) offset: usize,
    pub(crate) validity: Option<&'a [u8]>,
    pub(crate) offsets: &'a [u8],
    pub(crate) data: &'a [u8],
    pub(crate) large: bool,
}

impl<'a> Input<'a> {
    /// The column as Python hands it over: `bytes` objects, read in place.
    pub(crate) fn new(
        length: usize,
        offset: usize,
        validity: Option<&'a Bound<'_, PyBytes>>,
        offsets: &'a Bound<'_, PyBytes>,
        data: &'a Bound<'_, PyBytes>,
        large: bool,
    ) -> Input<'a> {
        Input {
            length,
            offset,
            validity: validity.map(PyBytesMethods::as_bytes),
            offsets: offsets.as_bytes(),
            data: data.as_bytes(),
            large,
        }
    }

    /// The value of row `i`: `None` for a null.
    fn value(&self, i: usize) -> Result<Option<&[u8]>, String> {
        let at = self.offset + i;
        if let Some(bits) = self.validity {
            let set = bits.get(at / 8).is_some_and(|b| b & (1 << (at % 8)) != 0);
            if !set {
                return Ok(None);
            }
        }
        let (start, end) = if self.large {
            (read_i64(self.offsets, at)?, read_i64(self.offsets, at + 1)?)
        } else {
            (read_i32(self.offsets, at)?, read_i32(self.offsets, at + 1)?)
        };
        self.data
            .get(start..end)
            .map(Some)
            .ok_or_else(|| format!("row {i}: offsets {start}..{end} outside the data"))
    }
}

fn read_i32(b: &[u8], i: usize) -> Result<usize, String> {
    b.get(i * 4..i * 4 + 4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .and_then(|a| usize::try_from(i32::from_le_bytes(a)).ok())
        .ok_or_else(|| format!("no offset {i} in the offsets buffer"))
}

fn read_i64(b: &[u8], i: usize) -> Result<usize, String> {
    b.get(i * 8..i * 8 + 8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .and_then(|a| usize::try_from(i64::from_le_bytes(a)).ok())
        .ok_or_else(|| format!("no offset {i} in the offsets buffer"))
}

/// Whether a value can only be one record, as the stream reader would read
/// it: one line (no line end), an object (after white space and a byte-order
/// mark), and no `"batch"` anywhere. Such a value is validated as it is,
/// without the stream reader's copy of it; anything else (a batch, an array,
/// pretty values over several lines) goes through the reader.
fn is_one_call(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    text.trim_ascii_start().first() == Some(&b'{')
        && memchr::memchr2(b'\n', b'\r', text).is_none()
        && memchr::memmem::find(text, b"\"batch\"").is_none()
}

/// Validates the calls of one value, in order: `each(element, report, call)`.
/// Returns how many there were (0 for a value holding none).
fn each_call(
    bytes: &[u8],
    validator: &Validator,
    mut each: impl FnMut(usize, &Report, &[u8]) -> Result<(), String>,
) -> Result<usize, String> {
    if is_one_call(bytes) {
        each(0, &validator.validate_slice(bytes), bytes)?;
        return Ok(1);
    }
    let mut n = 0;
    for record in Records::new(bytes) {
        let record = record.map_err(|e| e.to_string())?;
        each(n, &record.validate(validator), record.call())?;
        n += 1;
    }
    Ok(n)
}

/// Validates every row; the error is a message for `ValueError`.
fn validate(input: &Input, validator: &Validator) -> Result<Columns, String> {
    let too_big = |Overflow| {
        "a batch's results outgrew 2 GiB: lower spark.sql.execution.arrow.maxRecordsPerBatch"
            .to_string()
    };
    let mut out = Columns::new();
    for i in 0..input.length {
        let row = i32::try_from(i).map_err(|_| "more than 2^31 rows in a batch".to_string())?;
        let Some(bytes) = input.value(i)? else {
            out.push_empty(row, "the value is null").map_err(too_big)?;
            continue;
        };
        let n = each_call(bytes, validator, |element, report, _| {
            let element =
                i32::try_from(element).map_err(|_| "too many records in a row".to_string())?;
            out.push(row, element, report).map_err(too_big)
        })
        .map_err(|e| format!("row {i}: {e}"))?;
        if n == 0 {
            out.push_empty(row, "the value is empty").map_err(too_big)?;
        }
    }
    Ok(out)
}

/// The report's figures over every row (see `Validator.stats_arrow`); a row
/// holding no call counts as one that is not JSON, as in `validate`.
pub(crate) fn stats(
    input: &Input,
    validator: &Validator,
    source: &str,
    first_row: usize,
    show_values: bool,
) -> Result<Stats, String> {
    let mut stats = Stats::new(validator).show_values(show_values);
    for i in 0..input.length {
        let at = Location::new(source, first_row + i);
        let bytes = input.value(i)?.unwrap_or_default();
        let n = each_call(bytes, validator, |_, report, call| {
            stats.add(report, call, &at);
            Ok(())
        })
        .map_err(|e| format!("row {i}: {e}"))?;
        if n == 0 {
            stats.add(&validator.validate_slice(b""), b"", &at);
        }
    }
    Ok(stats)
}

fn le_bytes<'py, T: Copy, const N: usize>(
    py: Python<'py>,
    values: &[T],
    to: fn(T) -> [u8; N],
) -> Bound<'py, PyBytes> {
    let mut out = Vec::with_capacity(values.len() * N);
    for v in values {
        out.extend_from_slice(&to(*v));
    }
    PyBytes::new(py, &out)
}

fn strings<'py>(py: Python<'py>, s: &Strings) -> PyResult<Bound<'py, PyTuple>> {
    let validity = (s.validity.unset > 0).then(|| PyBytes::new(py, &s.validity.bytes));
    (
        validity,
        le_bytes(py, &s.offsets, i32::to_le_bytes),
        PyBytes::new(py, &s.data),
        s.validity.unset,
    )
        .into_pyobject(py)
}

/// Validates a column and returns its results' buffers:
/// `(count, rows, elements, valid, semantic, category, event, violation_offsets,
/// (path, code, severity, message))`, each string column as
/// `(validity or None, offsets, data, null_count)`.
pub(crate) fn validate_column<'py>(
    py: Python<'py>,
    validator: &Validator,
    input: &Input,
) -> PyResult<Bound<'py, PyTuple>> {
    let out = py
        .detach(|| validate(input, validator))
        .map_err(PyValueError::new_err)?;
    let children = (
        strings(py, &out.path)?,
        strings(py, &out.code)?,
        strings(py, &out.severity)?,
        strings(py, &out.message)?,
    );
    (
        out.rows.len(),
        le_bytes(py, &out.rows, i32::to_le_bytes),
        le_bytes(py, &out.elements, i32::to_le_bytes),
        PyBytes::new(py, &out.valid.bytes),
        strings(py, &out.semantic)?,
        strings(py, &out.category)?,
        strings(py, &out.event)?,
        le_bytes(py, &out.violations, i32::to_le_bytes),
        children,
    )
        .into_pyobject(py)
}
