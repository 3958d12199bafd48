//! The validation engine. It knows nothing about any particular event: it walks
//! JSON against the [`Shape`]s of the declarations in a
//! [`Registry`] it is handed (built from a [`Vocabulary`](crate::declare::Vocabulary);
//! `Validator::new()` hands it the crate's own).
//!
//! # Tiers
//!
//! | call | answer | cost |
//! |---|---|---|
//! | [`Validator::is_valid`] / [`Validator::is_valid_slice`] | `bool` | one walk, stops at the first error, allocates nothing |
//! | [`Validator::first_error`] / [`Validator::first_error_slice`] | `Option<Violation>` | one walk, keeps errors only, stops at the first |
//! | [`Validator::validate`] / [`Validator::validate_slice`] | [`Report`]: every violation | one full walk |
//!
//! The three always agree: `is_valid` is true exactly when the report has no
//! error, and `first_error` is the report's first error. None of them walks a
//! call twice: what only a track call has, met before the call's `type`, is
//! checked provisionally and kept or dropped once the type is known.
//!
//! # Profiles
//!
//! - [`Profile::Lenient`]: envelope essentials (an object with a non-empty
//!   `event` and an identity) and the JSON types of known properties.
//! - [`Profile::Standard`] (default): also formats, closed enums, ranges, currency
//!   codes, event and property name lints, and the full envelope (timestamps,
//!   `type`, the legacy `action` key, numeric ids).
//! - [`Profile::Strict`]: also warnings for unknown properties on semantic events,
//!   unknown top-level fields, properties the dialect does not list, and missing
//!   recommended properties.
//!
//! # From bytes
//!
//! The `_slice` entry points never build a `serde_json::Value`: the rules are
//! driven by a scanner built for validation (`scan.rs`), strings are borrowed
//! from the input (or unescaped into a buffer each thread reuses), and a valid
//! call is validated without a heap allocation. When `properties` comes before
//! `event`, its bytes are borrowed and walked once the event is known. Input
//! the scanner refuses is walked again by `serde_json`'s deserializer, whose
//! verdict and message are the reference: so the bytes path reports on any
//! input what `serde_json` would, and on JSON what the `Value` path does.

mod call;
mod cx;
pub mod names;
pub mod report;
mod rules;
mod scan;
mod value;

use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer as _};
use serde_json::Value;
use serde_json::value::RawValue;

/// String formats (moved to the model, where declarations name them).
pub use crate::declare::formats;
pub use crate::declare::{Code, Kind, Profile, Severity, Violation};
pub use names::Registry;
pub use report::Report;

use crate::declare::{Dialect, EventDecl, FieldRule, ObjectDecl, Shape};
use call::{CallSeed, Known, call_of_value};
use cx::{Cx, Mode, Path};
use value::{NoDefer, ValueSeed};

/// A configured validator. Cheap to clone; reuse one across calls.
///
/// ```
/// use semantic_events::{Dialect, Profile, Severity, Validator};
///
/// let validator = Validator::new()
///     .dialect(Dialect::CustomerIo)
///     .profile(Profile::Strict)
///     .numeric_strings(Severity::Warning);
/// let report = validator.validate_slice(br#"{"userId":"u1","event":"Product Added","properties":{"price":"9.99"}}"#);
/// assert!(report.is_valid()); // the numeric string is only a warning now
/// assert_eq!(report.warnings().next().unwrap().path(), "/properties/price");
/// ```
#[derive(Debug, Clone)]
pub struct Validator {
    pub(crate) profile: Profile,
    pub(crate) dialect: Dialect,
    severities: Vec<(Code, Severity)>,
    pub(crate) max_depth: usize,
    pub(crate) capture_event_name: bool,
    pub(crate) observe: bool,
    pub(crate) max_call_bytes: Option<usize>,
    registry: Arc<Registry>,
    #[cfg(feature = "plan")]
    plan: Option<Arc<crate::plan::Plan>>,
}

/// Segment's limit on one call (32 KB), for [`Validator::max_call_bytes`].
pub const SEGMENT_CALL_LIMIT: usize = 32 * 1024;

/// The default nesting limit: see [`Validator::max_depth`].
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// The largest nesting limit: `serde_json` refuses input nested 128 deep, and the
/// bytes and `Value` paths must agree.
pub const MAX_DEPTH_LIMIT: usize = 120;

impl Validator {
    /// A validator of the events of `registry`: the standard profile, Segment's
    /// dialect, every code at its catalogue severity. `Validator::new()` is this
    /// with the crate's own vocabulary.
    pub fn from_registry(registry: Arc<Registry>) -> Validator {
        Validator {
            profile: Profile::Standard,
            dialect: Dialect::Segment,
            severities: Vec::new(),
            max_depth: DEFAULT_MAX_DEPTH,
            capture_event_name: false,
            observe: false,
            max_call_bytes: None,
            registry,
            #[cfg(feature = "plan")]
            plan: None,
        }
    }

    /// Sets the profile.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Shorthand: strict profile when `true`, standard when `false`.
    pub fn strict(self, strict: bool) -> Self {
        self.profile(if strict {
            Profile::Strict
        } else {
            Profile::Standard
        })
    }

    /// Sets the dialect.
    pub fn dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// How a number sent as a string (`"price": "139.99"`) is reported: an error
    /// (default) or a warning. Shorthand for `severity(Code::NumericString, …)`.
    pub fn numeric_strings(self, severity: Severity) -> Self {
        self.severity(Code::NumericString, severity)
    }

    /// Reports `code` with `severity` instead of its catalogue default (see
    /// [`Code::severity`]).
    ///
    /// ```
    /// use semantic_events::{Code, Severity, Validator};
    /// let v = Validator::new().severity(Code::UnknownEventNearMiss, Severity::Error);
    /// assert!(!v.is_valid(&serde_json::json!({"userId": "u", "event": "Order Complete"})));
    /// ```
    pub fn severity(mut self, code: Code, severity: Severity) -> Self {
        self.severities.retain(|(c, _)| *c != code);
        if severity != code.severity() {
            self.severities.push((code, severity));
        }
        self
    }

    /// The severity `code` is reported with.
    pub fn severity_of(&self, code: Code) -> Severity {
        self.severities
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.severity(), |(_, s)| *s)
    }

    /// How deep arrays and objects may nest in a call (the call itself is level
    /// 1). Deeper values are a [`Code::TooDeep`] error and are skipped, without
    /// recursion; the rest of the call is still validated. Default
    /// [`DEFAULT_MAX_DEPTH`] (64); at most [`MAX_DEPTH_LIMIT`] (120), below the
    /// parser's own limit of 128.
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth.clamp(1, MAX_DEPTH_LIMIT);
        self
    }

    /// Report calls larger than `limit` bytes as a [`Code::TooLarge`] error
    /// (off by default; Segment rejects calls over 32 KB:
    /// [`SEGMENT_CALL_LIMIT`]). A `Value` is measured as compact JSON.
    pub fn max_call_bytes(mut self, limit: Option<usize>) -> Self {
        self.max_call_bytes = limit;
        self
    }

    /// Keep the event name as sent in each [`Report`] (see
    /// [`Report::event_name`]). Off by default: it costs an allocation per call.
    pub fn capture_event_name(mut self, capture: bool) -> Self {
        self.capture_event_name = capture;
        self
    }

    /// Also note, in each [`Report`], what a data-quality report counts beyond
    /// the violations: the call's time ([`Report::time`]) and the unknown
    /// properties of a semantic event ([`Report::unknown_properties`]). Off by
    /// default: it costs a date parse per call and an allocation per unknown
    /// property. (Which declared properties are present,
    /// [`Report::present_properties`], is always noted: it costs nothing.)
    ///
    /// ```
    /// use semantic_events::Validator;
    ///
    /// let report = Validator::new().observe(true).validate_slice(
    ///     br#"{"userId":"u","event":"Product Added","timestamp":"2024-05-04T12:00:00Z",
    ///          "properties":{"price":9.99,"gift_wrap":true}}"#,
    /// );
    /// assert_eq!(report.time(), Some(1_714_824_000));
    /// assert_eq!(report.unknown_properties().collect::<Vec<_>>(), ["gift_wrap"]);
    /// let present: Vec<_> = report.present_properties().map(|p| p.name).collect();
    /// assert_eq!(present, ["price"]);
    /// ```
    pub fn observe(mut self, observe: bool) -> Self {
        self.observe = observe;
        self
    }

    /// Also checks calls against a runtime tracking plan (feature `plan`): the
    /// JSON Schemas of your own events. See [`crate::plan`].
    #[cfg(feature = "plan")]
    pub fn with_plan(mut self, plan: crate::plan::Plan) -> Self {
        self.plan = Some(Arc::new(plan));
        self
    }

    /// Applies the tracking plan, if any, to a track call whose event name was kept.
    #[cfg(feature = "plan")]
    fn apply_plan(&self, cx: &mut Cx<'_>, call: impl FnOnce() -> Option<Value>) {
        // The name is cloned only where there is a plan to check it against.
        let planned = self
            .plan
            .as_ref()
            .and_then(|plan| Some((plan, cx.name.clone()?)));
        if let Some((plan, name)) = planned {
            let track = cx.call.is_some_and(|c| c.track);
            if track && !cx.stopped && plan.contains(&name) {
                if let Some(call) = call() {
                    for v in plan.check(&name, &call) {
                        cx.emit_at(v.path().to_string(), v.kind().clone());
                    }
                }
            } else if track && !cx.stopped && cx.event.is_none() {
                cx.emit_at(
                    "/event".into(),
                    Kind::UnplannedEvent {
                        event: name.into_owned(),
                    },
                );
            }
        }
        if !self.capture_event_name {
            cx.name = None;
        }
    }

    #[cfg(not(feature = "plan"))]
    #[allow(clippy::unused_self)]
    fn apply_plan(&self, _: &mut Cx<'_>, _: impl FnOnce() -> Option<Value>) {}

    /// Whether the walk must keep the event name (to report it, or for the plan).
    pub(crate) fn wants_name(&self) -> bool {
        #[cfg(feature = "plan")]
        if self.plan.is_some() {
            return true;
        }
        self.capture_event_name
    }

    /// Validates against `registry` (built-in events plus your own) instead of
    /// the one it had.
    pub fn with_registry(mut self, registry: Registry) -> Self {
        self.registry = Arc::new(registry);
        self
    }

    /// The events this validator recognises.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    fn check_size(&self, cx: &mut Cx<'_>, size: impl FnOnce() -> usize) {
        if let Some(limit) = self.max_call_bytes {
            let size = size();
            if size > limit {
                cx.emit(Code::TooLarge, &Path::Root, || Kind::TooLarge {
                    size,
                    limit,
                });
            }
        }
    }

    fn walk_value(&self, value: &Value, mode: Mode) -> Cx<'_> {
        let mut cx = Cx::new(self, mode);
        self.check_size(&mut cx, || compact_len(value));
        let env = self.registry.envelope();
        let known = call_of_value(env, value).map(|call| {
            let resolution = match value.get(env.event_key) {
                Some(Value::String(name)) if !name.is_empty() => {
                    self.registry.resolve_with(name, self.dialect, false)
                }
                _ => names::Resolution::Custom { near_miss: None },
            };
            Known { resolution, call }
        });
        let seed = CallSeed::<NoDefer> {
            cx: &mut cx,
            known,
            defer: PhantomData,
        };
        // Errors here are only the walker's early stop: the value is already JSON.
        let _ = value.deserialize_any(seed);
        apply_rules(&mut cx, &Whole::Value(value));
        self.apply_plan(&mut cx, || Some(value.clone()));
        cx
    }

    fn walk_slice<'v>(&'v self, input: &[u8], mode: Mode) -> Cx<'v> {
        // A UTF-8 byte-order mark is not JSON, but files often start with one.
        let bytes = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        // UTF-8 is checked once, up front: the scanner then borrows every
        // string as it is.
        if let Ok(text) = std::str::from_utf8(bytes) {
            let mut cx = Cx::new(self, mode);
            self.check_size(&mut cx, || bytes.len());
            let seed = CallSeed::<scan::Raw<'_>> {
                cx: &mut cx,
                known: None,
                defer: PhantomData,
            };
            let mut scanner = scan::Scanner::new(text);
            match seed.deserialize(&mut scanner).and_then(|()| scanner.end()) {
                Ok(()) => {
                    apply_rules(&mut cx, &Whole::Text(text));
                    self.apply_plan(&mut cx, || serde_json::from_str(text).ok());
                    return cx;
                }
                Err(_) if cx.stopped => return cx,
                // Not JSON as the scanner reads it: the reference reader says
                // what is wrong, and where.
                Err(_) => {}
            }
        }
        // The input as given: the reference strips the byte-order mark itself.
        self.walk_slice_reference(input, mode)
    }

    /// The bytes path on `serde_json`'s deserializer: for input the scanner
    /// refuses (its verdict and messages are the reference), and for the
    /// differential tests that hold the scanner to it.
    fn walk_slice_reference<'v>(&'v self, bytes: &[u8], mode: Mode) -> Cx<'v> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut cx = Cx::new(self, mode);
        self.check_size(&mut cx, || bytes.len());
        let seed = CallSeed::<&RawValue> {
            cx: &mut cx,
            known: None,
            defer: PhantomData,
        };
        // Checking UTF-8 once, up front, spares the parser checking every string;
        // invalid UTF-8 goes through the slice reader, which says where it is.
        let text = std::str::from_utf8(bytes).ok();
        let result = if let Some(text) = text {
            let mut de = serde_json::Deserializer::from_str(text);
            seed.deserialize(&mut de).and_then(|()| de.end())
        } else {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            seed.deserialize(&mut de).and_then(|()| de.end())
        };
        match result {
            Ok(()) => {
                if let Some(text) = text {
                    apply_rules(&mut cx, &Whole::Text(text));
                }
                self.apply_plan(&mut cx, || serde_json::from_slice(bytes).ok());
            }
            Err(e) if !cx.stopped => invalid_json(&mut cx, &e),
            Err(_) => {}
        }
        cx
    }

    /// Walks a bare object (an event's `properties`, or a nested object such as
    /// a product) against its declaration, paths relative to the object.
    fn walk_object_value(
        &self,
        decl: &'static ObjectDecl,
        event: Option<&'static EventDecl>,
        value: &Value,
        mode: Mode,
    ) -> Cx<'_> {
        let mut cx = Cx::new(self, mode);
        let shape = Shape::Object(decl);
        let seed = match event {
            Some(_) => value::properties_seed(event, Path::Root, &shape, &mut cx),
            None => ValueSeed::new(&shape, Path::Root, 1, &mut cx),
        };
        let _ = value.deserialize_any(seed);
        cx.event = event;
        cx
    }

    /// Every violation of an event's `properties` object, given alone (paths
    /// relative to it, so `/price`): the event's declared properties, the
    /// reserved ones, name lints, and in the strict profile unknown and
    /// recommended properties.
    pub fn validate_properties(&self, event: &'static EventDecl, properties: &Value) -> Report {
        self.walk_object_value(event.properties, Some(event), properties, Mode::All)
            .into_report()
    }

    /// Every violation of a nested object (a product, a context) given alone,
    /// against its declaration (paths relative to it).
    pub fn validate_object(&self, decl: &'static ObjectDecl, object: &Value) -> Report {
        self.walk_object_value(decl, None, object, Mode::All)
            .into_report()
    }

    /// Every violation of a call given as a `serde_json::Value`.
    ///
    /// Violations come in the order the value's keys iterate (sorted, unless
    /// `serde_json`'s `preserve_order` feature is on); from bytes, in document order.
    pub fn validate(&self, value: &Value) -> Report {
        self.walk_value(value, Mode::All).into_report()
    }

    /// Whether the call has no error. Stops at the first error; allocates nothing.
    pub fn is_valid(&self, value: &Value) -> bool {
        !self.walk_value(value, Mode::IsValid).failed
    }

    /// The first error, in the order [`Validator::validate`] reports them, if any.
    pub fn first_error(&self, value: &Value) -> Option<Violation> {
        first(self.walk_value(value, Mode::First))
    }

    /// Every violation of a call given as JSON bytes. Input that is not JSON
    /// yields a report with one [`Code::InvalidJson`] violation.
    pub fn validate_slice(&self, bytes: &[u8]) -> Report {
        self.walk_slice(bytes, Mode::All).into_report()
    }

    /// [`Validator::validate_slice`] for a `&str`.
    pub fn validate_str(&self, json: &str) -> Report {
        self.validate_slice(json.as_bytes())
    }

    /// Whether the JSON bytes are a call with no error; allocates nothing for a
    /// valid call whose strings hold no escapes.
    pub fn is_valid_slice(&self, bytes: &[u8]) -> bool {
        !self.walk_slice(bytes, Mode::IsValid).failed
    }

    /// The first error of a call given as JSON bytes, in document order, if any.
    pub fn first_error_slice(&self, bytes: &[u8]) -> Option<Violation> {
        first(self.walk_slice(bytes, Mode::First))
    }

    /// A JSON text read into a `serde_json::Value` through the bytes path's
    /// scanner, or `None` where the scanner refuses it: for the differential
    /// tests and fuzz target that hold the scanner to accept every text
    /// `serde_json` accepts, and to read it to the same value (a scanner that
    /// refused too much would hand every call to the slower reference reader,
    /// and no report would show it).
    #[doc(hidden)]
    pub fn scan_value(text: &str) -> Option<Value> {
        let mut scanner = scan::Scanner::new(text);
        let value = serde::Deserialize::deserialize(&mut scanner).ok()?;
        scanner.end().ok()?;
        Some(value)
    }

    /// [`Validator::validate_slice`] read by `serde_json`'s deserializer instead
    /// of the crate's scanner: the reference the scanner is held to by the
    /// differential tests and the fuzz targets. Not for production use: it is
    /// slower, and reports exactly the same.
    #[doc(hidden)]
    pub fn validate_slice_reference(&self, bytes: &[u8]) -> Report {
        self.walk_slice_reference(bytes, Mode::All).into_report()
    }
}

/// The recognised event's vendor rules ([`FieldRule`](crate::declare::FieldRule))
/// that apply in the dialect, checked on the whole call once the walk is done.
/// Only the few events with rules pay for looking the call up again (from bytes,
/// by parsing it).
/// A whole call, as the caller has it: parsed, or the JSON text.
enum Whole<'a> {
    Value(&'a Value),
    Text(&'a str),
}

/// What is at a pointer of a call, as far as a rule cares.
enum Found {
    /// Absent or `null`.
    Absent,
    /// A string: its text when asked for, else only whether it is empty.
    Text(Option<String>, bool),
    /// Anything else.
    Other,
}

impl Found {
    /// Absent, `null` and `""` are all "not there".
    fn present(&self) -> bool {
        !matches!(self, Found::Absent | Found::Text(_, true))
    }
}

impl Whole<'_> {
    /// Looks one field up; from text, through borrowed raw values (no `Value`
    /// is built, and a string is copied only when a rule compares it).
    fn at(&self, pointer: &str, want_text: bool) -> Found {
        match self {
            Whole::Value(v) => match v.pointer(pointer) {
                None | Some(Value::Null) => Found::Absent,
                Some(Value::String(s)) => Found::Text(want_text.then(|| s.clone()), s.is_empty()),
                Some(_) => Found::Other,
            },
            Whole::Text(t) => match crate::declare::raw::pointer(t, pointer) {
                None | Some("null") => Found::Absent,
                // A JSON string is empty only when written `""` (an escape is a character).
                Some(raw) if raw.starts_with('"') => Found::Text(
                    want_text.then(|| serde_json::from_str(raw).unwrap_or_default()),
                    raw == "\"\"",
                ),
                Some(_) => Found::Other,
            },
        }
    }
}

fn apply_rules(cx: &mut Cx<'_>, call: &Whole<'_>) {
    let (Some(event), true) = (cx.event, cx.call.is_some_and(|c| c.track)) else {
        return;
    };
    let dialect = cx.opts.dialect;
    let mut rules = event.rules_in(dialect).peekable();
    if rules.peek().is_none() || cx.stopped {
        return;
    }
    let present = |pointer: &str| call.at(pointer, false).present();
    let rules: Vec<_> = rules.collect();
    // A missing field is reported once, at the deepest required pointer: a
    // missing `properties` is not reported beside the missing property it holds.
    let implied = |rule: &FieldRule| {
        rules.iter().any(|other| {
            other.required
                && other.pointer.len() > rule.pointer.len()
                && other.pointer.starts_with(rule.pointer)
                && other.pointer.as_bytes()[rule.pointer.len()] == b'/'
                && !present(other.pointer)
        })
    };
    for rule in rules.iter().copied() {
        if rule.required && !present(rule.pointer) && !implied(rule) {
            match rule.also_at.filter(|at| present(at)) {
                Some(at) => cx.emit_at(
                    at.to_string(),
                    Kind::MisplacedField {
                        expected: rule.pointer,
                    },
                ),
                None => cx.emit_at(
                    rule.pointer.to_string(),
                    Kind::MissingRequired {
                        event: event.name,
                        field: rule.pointer,
                        why: rule.why,
                    },
                ),
            }
        }
        if rule.one_of.is_empty() {
            continue;
        }
        if let Found::Text(Some(found), _) = call.at(rule.pointer, true) {
            if !rule.one_of.contains(&found.as_str()) {
                cx.emit_at(
                    rule.pointer.to_string(),
                    Kind::InvalidEnumValue {
                        allowed: rule.one_of,
                        found: crate::declare::catalogue::quote(&found),
                    },
                );
            }
        }
    }
}

/// The first error a fast walk kept.
fn first(cx: Cx<'_>) -> Option<Violation> {
    cx.violations.into_iter().find(Violation::is_error)
}

/// Input that is not JSON: one violation, whatever was found before the parser gave up.
fn invalid_json(cx: &mut Cx<'_>, e: &serde_json::Error) {
    cx.violations.clear();
    cx.failed = true;
    cx.call = None;
    cx.event = None;
    cx.name = None;
    // Nothing noted on the way stands for input that is not JSON.
    cx.present = 0;
    cx.time = None;
    cx.unknown.clear();
    cx.violations.push(Violation::new(
        "",
        Severity::Error,
        Kind::InvalidJson {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        },
    ));
}

/// The length of a value as compact JSON, without building the text.
fn compact_len(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}
