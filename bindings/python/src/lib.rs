//! `semantic_events._native`: the crate behind the Python package.
//!
//! This module only adapts: it turns Python arguments into the crate's options,
//! runs the crate with the GIL released, and hands back plain tuples that
//! `semantic_events/__init__.py` wraps in Python types (enums, dataclasses).
//! Every failure is a Python exception; nothing here panics on input.

mod arrow;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError, sync_channel};
use std::time::Duration;

use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};
use semantic_events::files::{FileError, Source, each_record};
use semantic_events::fix::{Fixer, Reason};
use semantic_events::report::{Location, Stats};
use semantic_events::stream::Record;
use semantic_events::{
    Category, Code, Dialect, EventName, Profile, Registry, Report, Severity, Validator, Violation,
};

/// A report as a tuple: `(valid, semantic, category, event, call_type, violations)`.
type ReportTuple<'py> = Bound<'py, PyTuple>;

fn violation_tuple<'py>(py: Python<'py>, v: &Violation) -> PyResult<Bound<'py, PyTuple>> {
    let code: &'static str = v.code().into();
    let severity: &'static str = v.severity().into();
    (
        v.path(),
        code,
        severity,
        v.message(),
        v.kind().expected(),
        v.kind().found(),
    )
        .into_pyobject(py)
}

fn report_tuple<'py>(py: Python<'py>, r: &Report) -> PyResult<ReportTuple<'py>> {
    let violations = r
        .violations()
        .iter()
        .map(|v| violation_tuple(py, v))
        .collect::<PyResult<Vec<_>>>()?;
    let category: Option<&'static str> = r.category().map(Into::into);
    (
        r.is_valid(),
        r.event().map(|e| e.name),
        category,
        r.event_name(),
        r.call_type(),
        violations,
    )
        .into_pyobject(py)
}

fn parse<T: FromStr>(what: &str, value: &str, allowed: &str) -> PyResult<T> {
    value.parse().map_err(|_| {
        PyValueError::new_err(format!(
            "unknown {what} {value:?}: expected one of {allowed}"
        ))
    })
}

fn dialect(value: &str) -> PyResult<Dialect> {
    parse(
        "dialect",
        value,
        "\"segment\", \"customerio\", \"rudderstack\"",
    )
}

/// The JSON text of a call given as `bytes` or `str`.
enum Text<'py> {
    Bytes(Bound<'py, PyBytes>),
    Str(String),
}

impl Text<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Text::Bytes(b) => b.as_bytes(),
            Text::Str(s) => s.as_bytes(),
        }
    }
}

fn text<'py>(data: &Bound<'py, PyAny>) -> PyResult<Text<'py>> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(Text::Bytes(b.clone()));
    }
    if let Ok(s) = data.cast::<PyString>() {
        // A lone surrogate has no UTF-8 form: the text is not a JSON text.
        let text = s.to_cow().map_err(|_| {
            PyValueError::new_err(
                "the call's text holds a lone surrogate, which no JSON text can: \
                 pass bytes, or write it as a \\u escape",
            )
        })?;
        return Ok(Text::Str(text.into_owned()));
    }
    Err(PyTypeError::new_err(format!(
        "expected the call as JSON bytes or str, got {}",
        data.get_type().name()?
    )))
}

/// The validator, with its options.
#[pyclass(frozen, name = "Validator", module = "semantic_events._native")]
struct PyValidator {
    inner: Validator,
}

#[pymethods]
impl PyValidator {
    #[new]
    #[pyo3(signature = (dialect="segment", profile="standard", numeric_strings="error", plan=None))]
    fn new(
        dialect: &str,
        profile: &str,
        numeric_strings: &str,
        plan: Option<PathBuf>,
    ) -> PyResult<Self> {
        let d = self::dialect(dialect)?;
        let p: Profile = parse("profile", profile, "\"lenient\", \"standard\", \"strict\"")?;
        let n: Severity = parse(
            "numeric_strings severity",
            numeric_strings,
            "\"error\", \"warning\"",
        )?;
        let mut inner = Validator::new()
            .dialect(d)
            .profile(p)
            .numeric_strings(n)
            .capture_event_name(true);
        if let Some(dir) = plan {
            let loaded = semantic_events::plan::Plan::load_dir(&dir).map_err(|e| {
                PyValueError::new_err(format!(
                    "cannot load the tracking plan in {}: {e}",
                    dir.display()
                ))
            })?;
            inner = inner.with_plan(loaded);
        }
        Ok(PyValidator { inner })
    }

    /// Every violation of a call given as JSON bytes or str.
    fn validate<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<ReportTuple<'py>> {
        let t = text(data)?;
        let bytes = t.bytes();
        let report = py.detach(|| self.inner.validate_slice(bytes));
        report_tuple(py, &report)
    }

    /// Whether a call has no error (stops at the first).
    fn is_valid<'py>(&self, py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<bool> {
        let t = text(data)?;
        let bytes = t.bytes();
        Ok(py.detach(|| self.inner.is_valid_slice(bytes)))
    }

    /// The first error of a call, or `None`.
    fn first_error<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let t = text(data)?;
        let bytes = t.bytes();
        let first = py.detach(|| self.inner.first_error_slice(bytes));
        first.map(|v| violation_tuple(py, &v)).transpose()
    }

    /// Repairs a call: `(repaired bytes or None, patch JSON, repairs, declined, report)`.
    #[pyo3(signature = (data, only=None))]
    fn fix<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        only: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let mut repairer = Fixer::new(self.inner.clone());
        if let Some(codes) = only {
            let codes = codes
                .iter()
                .map(|c| {
                    Code::from_str(c)
                        .map_err(|_| PyValueError::new_err(format!("unknown code {c:?}")))
                })
                .collect::<PyResult<Vec<_>>>()?;
            repairer = repairer
                .only(codes)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
        }
        let t = text(data)?;
        let bytes = t.bytes();
        let fixed = py.detach(|| repairer.fix_slice(bytes));
        let out = fixed.is_changed().then(|| PyBytes::new(py, &fixed.call));
        let patch = serde_json::to_string(&fixed.patch())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let repairs = fixed
            .repairs
            .iter()
            .map(|r| {
                let code: &'static str = r.code.into();
                let op = serde_json::to_string(&r.op)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
                Ok((code, r.path.clone(), op))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let declined = fixed
            .declined
            .iter()
            .map(|d| {
                let code: &'static str = d.code.into();
                let (reason, introduced) = match &d.reason {
                    Reason::NotExact => ("not_exact", Vec::new()),
                    Reason::Ambiguous => ("ambiguous", Vec::new()),
                    Reason::TargetPresent => ("target_present", Vec::new()),
                    Reason::Persists => ("persists", Vec::new()),
                    Reason::Introduces(vs) => ("introduces", vs.clone()),
                    _ => ("other", Vec::new()),
                };
                let introduced = introduced
                    .iter()
                    .map(|v| violation_tuple(py, v))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok((code, d.path.clone(), reason, introduced))
            })
            .collect::<PyResult<Vec<_>>>()?;
        (
            out,
            patch,
            repairs,
            declined,
            report_tuple(py, &fixed.report)?,
        )
            .into_pyobject(py)
    }

    /// The records of files (NDJSON, arrays, batches, gzip), validated on a
    /// thread pool, in input order: an iterator of `(source, line, report)`.
    #[pyo3(signature = (paths, threads=None))]
    fn validate_files(&self, paths: Vec<PathBuf>, threads: Option<usize>) -> PyResult<FileResults> {
        let sources = readable(&paths)?;
        let pool = pool(threads)?;
        let validator = self.inner.clone();
        let (tx, rx) = sync_channel::<Item>(1024);
        std::thread::Builder::new()
            .name("semantic-events-files".into())
            .spawn(move || {
                // A panic would be a bug; the iterator raises it rather than end early.
                let run =
                    std::panic::AssertUnwindSafe(|| run_files(&sources, &pool, &validator, &tx));
                if let Err(panic) = std::panic::catch_unwind(run) {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(ToString::to_string)
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    let _ = tx.send(Item::Panicked(what));
                }
            })
            .map_err(|e| PyOSError::new_err(format!("cannot start the file thread: {e}")))?;
        Ok(FileResults { rx: Mutex::new(rx) })
    }

    /// Validates a column of calls given as an Arrow string or binary array's
    /// buffers (`validity` or `None`, 32-bit or, with `large`, 64-bit `offsets`,
    /// `data`; the array's `offset` and `length`): each value is read as a
    /// stream of records (a batch expands), with the GIL released. Returns the
    /// result columns' buffers (see `arrow.rs`). The buffers come as `bytes`
    /// (the stable ABI this package is built for has no buffer protocol before
    /// Python 3.11) and are read in place.
    #[pyo3(signature = (length, offset, validity, offsets, data, large=false))]
    #[allow(clippy::too_many_arguments)]
    fn validate_arrow<'py>(
        &self,
        py: Python<'py>,
        length: usize,
        offset: usize,
        validity: Option<&Bound<'py, PyBytes>>,
        offsets: &Bound<'py, PyBytes>,
        data: &Bound<'py, PyBytes>,
        large: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let input = arrow::Input::new(length, offset, validity, offsets, data, large);
        arrow::validate_column(py, &self.inner, &input)
    }

    /// The data-quality report's figures (`semantic_events::report::Stats`, as
    /// JSON) over an Arrow column given as for `validate_arrow`; samples name
    /// `source` and the row (`first_row` is the first row's number, 1-based).
    #[pyo3(signature = (length, offset, validity, offsets, data, large=false, source="-", first_row=1, show_values=false))]
    #[allow(clippy::too_many_arguments)]
    fn stats_arrow(
        &self,
        py: Python<'_>,
        length: usize,
        offset: usize,
        validity: Option<&Bound<'_, PyBytes>>,
        offsets: &Bound<'_, PyBytes>,
        data: &Bound<'_, PyBytes>,
        large: bool,
        source: &str,
        first_row: usize,
        show_values: bool,
    ) -> PyResult<String> {
        let input = arrow::Input::new(length, offset, validity, offsets, data, large);
        let validator = self.inner.clone().observe(true);
        let stats = py
            .detach(|| arrow::stats(&input, &validator, source, first_row, show_values))
            .map_err(PyValueError::new_err)?;
        serde_json::to_string(&stats).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Counts over files: records, valid, invalid, unparsable, warnings, by code,
    /// by event.
    #[pyo3(signature = (paths, threads=None))]
    fn summary<'py>(
        &self,
        py: Python<'py>,
        paths: Vec<PathBuf>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let sources = readable(&paths)?;
        let pool = pool(threads)?;
        let stats = py.detach(|| -> Result<Stats, FileError> {
            let mut stats = Stats::new(&self.inner);
            for source in &sources {
                each_record(
                    source,
                    &pool,
                    &|r| {
                        let report = r.validate(&self.inner);
                        (r, report)
                    },
                    &mut |(r, report): (Record, Report)| {
                        stats.add(&report, r.call(), &Location::new(&source.label, r.line));
                        Ok::<(), FileError>(())
                    },
                )?;
            }
            Ok(stats)
        });
        let stats = stats.map_err(|e| os_error(&e))?;
        summary_dict(py, &stats)
    }
}

/// `summary`'s figures, from the report's: totals, violations by code, records
/// by event (semantic names; `(custom) NAME` for the first 10 000 custom names,
/// then `(other custom events)`; `(unparsable)`; `(no event name)` for the rest:
/// other call types, track calls without a name).
fn summary_dict<'py>(py: Python<'py>, s: &Stats) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("records", s.records)?;
    d.set_item("valid", s.valid)?;
    d.set_item("invalid", s.invalid)?;
    d.set_item("unparsable", s.unparsable)?;
    d.set_item("warnings", s.warnings)?;
    let by_code: BTreeMap<&'static str, u64> = s
        .codes
        .iter()
        .map(|(code, c)| (<&'static str>::from(*code), c.violations))
        .collect();
    d.set_item("by_code", by_code)?;
    let mut by_event: BTreeMap<String, u64> = s
        .events
        .iter()
        .filter(|(_, e)| e.records > 0)
        .map(|(name, e)| (name.clone(), e.records))
        .collect();
    for (name, n) in s.custom.entries() {
        by_event.insert(format!("(custom) {name}"), n.records);
    }
    let rest = [
        ("(other custom events)", s.custom.other.records),
        ("(unparsable)", s.unparsable),
        (
            "(no event name)",
            s.records - s.semantic - s.custom.total() - s.unparsable,
        ),
    ];
    for (key, n) in rest {
        if n > 0 {
            by_event.insert(key.to_string(), n);
        }
    }
    d.set_item("by_event", by_event)?;
    Ok(d)
}

/// What the file thread sends: a record's outcome, or why an input stopped.
enum Item {
    Record(String, usize, Report),
    Failed(FileError),
    Panicked(String),
}

/// Why the file thread stops early.
enum Stop {
    /// The Python iterator went away.
    Closed,
    File(FileError),
}

impl From<FileError> for Stop {
    fn from(e: FileError) -> Self {
        Stop::File(e)
    }
}

fn run_files(
    sources: &[Source],
    pool: &rayon::ThreadPool,
    validator: &Validator,
    tx: &SyncSender<Item>,
) {
    for source in sources {
        let outcome = each_record(
            source,
            pool,
            &|r| {
                let report = r.validate(validator);
                (r.line, report)
            },
            &mut |(line, report): (usize, Report)| {
                tx.send(Item::Record(source.label.clone(), line, report))
                    .map_err(|_| Stop::Closed)
            },
        );
        match outcome {
            Ok(()) => {}
            Err(Stop::Closed) => return,
            Err(Stop::File(e)) => {
                if tx.send(Item::Failed(e)).is_err() {
                    return;
                }
            }
        }
    }
}

/// The iterator `validate_files` returns.
#[pyclass(name = "FileResults", module = "semantic_events._native")]
struct FileResults {
    rx: Mutex<Receiver<Item>>,
}

#[pymethods]
impl FileResults {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let mut rx = self.rx.lock().map_err(|_| {
            PyRuntimeError::new_err("the file iterator is used from two threads at once")
        })?;
        // Ready results are taken without releasing the GIL; otherwise wait with
        // it released, a tenth of a second at a time, so Ctrl-C still works.
        let item = loop {
            match rx.try_recv() {
                Ok(item) => break item,
                Err(TryRecvError::Disconnected) => return Ok(None),
                Err(TryRecvError::Empty) => {}
            }
            // `&mut Receiver` crosses to the detached closure (a `&Receiver` may not).
            let waiting: &mut Receiver<Item> = &mut rx;
            match py.detach(move || waiting.recv_timeout(Duration::from_millis(100))) {
                Ok(item) => break item,
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            }
        };
        match item {
            Item::Record(source, line, report) => Ok(Some(
                (source, line, report_tuple(py, &report)?).into_pyobject(py)?,
            )),
            Item::Failed(e) => Err(os_error(&e)),
            Item::Panicked(what) => Err(PyRuntimeError::new_err(format!(
                "semantic-events: the file thread failed ({what}); please report it"
            ))),
        }
    }
}

/// The error as Python's: `FileNotFoundError`, `PermissionError` or `OSError`,
/// naming the file.
fn os_error(e: &FileError) -> PyErr {
    let (FileError::Open { label, source: io } | FileError::Read { label, source: io }) = e else {
        return PyOSError::new_err(e.to_string());
    };
    let Some(errno) = io.raw_os_error() else {
        // Not the system's (a corrupt gzip stream): the whole story in one message.
        return PyOSError::new_err(format!("{e}: {io}"));
    };
    // Python prints `[Errno 2] No such file or directory: 'path'` from these.
    let text = io.to_string();
    let strerror = text.split(" (os error").next().unwrap_or(&text).to_string();
    let args = (errno, strerror, label.clone());
    match io.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(args),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(args),
        _ => PyOSError::new_err(args),
    }
}

/// The inputs, each opened once first, so a missing file fails at the call
/// rather than half way through the iteration.
fn readable(paths: &[PathBuf]) -> PyResult<Vec<Source>> {
    let sources: Vec<Source> = paths.iter().map(Source::file).collect();
    for s in &sources {
        s.open().map_err(|e| os_error(&e))?;
    }
    Ok(sources)
}

fn pool(threads: Option<usize>) -> PyResult<rayon::ThreadPool> {
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| PyOSError::new_err(format!("cannot start worker threads: {e}")))
}

fn resolve(name: &str, d: Dialect) -> PyResult<EventName> {
    Registry::builtin()
        .resolve(name, d)
        .event()
        .and_then(EventName::from_decl)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "{name:?} is not a semantic event in the {d} dialect"
            ))
        })
}

/// A JSON Schema as JSON text: an event (any spelling), `bundle`, `envelope` or `context`.
#[pyfunction]
#[pyo3(signature = (name="bundle", dialect="segment"))]
fn schema(name: &str, dialect: &str) -> PyResult<String> {
    let d = self::dialect(dialect)?;
    let value = match name {
        "bundle" => semantic_events::schema::bundle(d),
        "envelope" => semantic_events::schema::envelope(),
        "context" => semantic_events::schema::context(),
        other => {
            let e = resolve(other, d)?;
            semantic_events::schema::for_event_in(
                e.decl(),
                d,
                &semantic_events::schema::event_path(e),
            )
        }
    };
    serde_json::to_string(&value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The semantic events: `(name, category, aliases)`, of one family or all.
#[pyfunction]
#[pyo3(signature = (category=None))]
fn events(category: Option<&str>) -> PyResult<Vec<(&'static str, &'static str, Vec<String>)>> {
    let wanted: Option<Category> = category
        .map(|c| {
            c.parse().map_err(|_| {
                let all: Vec<String> = Category::iter_names();
                PyValueError::new_err(format!(
                    "unknown category {c:?}: expected one of {}",
                    all.join(", ")
                ))
            })
        })
        .transpose()?;
    Ok(EventName::ALL
        .iter()
        .filter(|n| wanted.is_none_or(|c| c == n.category()))
        .map(|n| {
            let d = n.decl();
            let mut aliases: Vec<String> = d.aliases.iter().map(ToString::to_string).collect();
            aliases.extend(d.vendor_aliases.iter().map(|(_, a)| (*a).to_string()));
            (d.name, n.category().into(), aliases)
        })
        .collect())
}

/// A valid example call of an event, as JSON text.
#[pyfunction]
fn example(name: &str) -> PyResult<String> {
    let e = resolve(name, Dialect::Segment).or_else(|_| resolve(name, Dialect::CustomerIo))?;
    serde_json::to_string(&semantic_events::schema::example(e))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Every violation code, in the catalogue's order.
#[pyfunction]
fn codes() -> Vec<&'static str> {
    use strum::IntoEnumIterator;
    Code::iter().map(Into::into).collect()
}

/// The codes `fix` repairs.
#[pyfunction]
fn repairable() -> Vec<&'static str> {
    semantic_events::fix::REPAIRABLE
        .iter()
        .map(|c| (*c).into())
        .collect()
}

trait Names {
    fn iter_names() -> Vec<String>;
}

impl Names for Category {
    fn iter_names() -> Vec<String> {
        use strum::IntoEnumIterator;
        Category::iter().map(|c| c.to_string()).collect()
    }
}

/// Merges report figures (JSON, as `stats_arrow` and `semantic-events report
/// --json` write them), in order, into one (JSON).
#[pyfunction]
fn merge_stats(figures: Vec<String>) -> PyResult<String> {
    let mut all: Option<semantic_events::report::Stats> = None;
    for (i, f) in figures.iter().enumerate() {
        let stats: semantic_events::report::Stats = serde_json::from_str(f).map_err(|e| {
            PyValueError::new_err(format!("figures {i} are not report figures: {e}"))
        })?;
        match &mut all {
            None => all = Some(stats),
            Some(a) => a
                .merge(&stats)
                .map_err(|e| PyValueError::new_err(e.to_string()))?,
        }
    }
    let all = all.ok_or_else(|| PyValueError::new_err("no figures to merge"))?;
    serde_json::to_string(&all).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The report page (HTML) for figures (JSON), naming `sources`.
#[pyfunction]
fn render_report(figures: &str, sources: Vec<String>) -> PyResult<String> {
    let stats: semantic_events::report::Stats = serde_json::from_str(figures)
        .map_err(|e| PyValueError::new_err(format!("not report figures: {e}")))?;
    semantic_events::report::html::render(
        &stats,
        &semantic_events::report::html::Page::new(sources),
    )
    .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyValidator>()?;
    m.add_class::<FileResults>()?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(events, m)?)?;
    m.add_function(wrap_pyfunction!(example, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add_function(wrap_pyfunction!(repairable, m)?)?;
    m.add_function(wrap_pyfunction!(merge_stats, m)?)?;
    m.add_function(wrap_pyfunction!(render_report, m)?)?;
    Ok(())
}
