//! The validation engine. It knows nothing about any particular event: it walks
//! JSON against the [`Shape`](crate::declare::Shape)s of the declarations in a
//! [`Registry`].
//!
//! # Tiers
//!
//! | call | answer | cost |
//! |---|---|---|
//! | [`Validator::is_valid`] / [`Validator::is_valid_slice`] | `bool` | stops at the first error, allocates nothing |
//! | [`Validator::first_error`] / [`Validator::first_error_slice`] | `Option<Violation>` | the first error in document order |
//! | [`Validator::validate`] / [`Validator::validate_slice`] | [`Report`]: every violation | full walk |
//!
//! The three always agree: `is_valid` is true exactly when the report has no
//! error and `first_error` is `None`.
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
//! driven by the parser, strings are borrowed from the input, and a valid call
//! whose strings hold no JSON escapes is validated without a heap allocation.
//! When `properties` comes before `event`, its bytes are borrowed and walked
//! once the event is known.

pub mod formats;
pub mod names;
pub mod report;
pub(crate) mod rules;
pub(crate) mod walk;

use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer as _};
use serde_json::Value;
use serde_json::value::RawValue;

pub use names::Registry;
pub use report::{Code, Kind, Report, Severity, Violation};

use crate::declare::Dialect;
use walk::{Cx, Envelope, Mode, NoDefer};

/// How much is checked. See the [module docs](mod@crate::validate#profiles).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::AsRefStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Profile {
    /// Envelope essentials and known properties' types.
    Lenient,
    /// Formats, enums, ranges, name lints, full envelope (the default).
    #[default]
    Standard,
    /// Also unknown properties, unknown fields and missing recommended properties.
    Strict,
}

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
    pub(crate) numeric_strings: Severity,
    pub(crate) max_depth: usize,
    pub(crate) capture_event_name: bool,
    pub(crate) max_call_bytes: Option<usize>,
    registry: Option<Arc<Registry>>,
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

impl Default for Validator {
    fn default() -> Self {
        Validator::new()
    }
}

impl Validator {
    /// The standard profile, Segment's dialect, numeric strings as errors, the
    /// built-in events.
    pub fn new() -> Validator {
        Validator {
            profile: Profile::Standard,
            dialect: Dialect::Segment,
            numeric_strings: Severity::Error,
            max_depth: DEFAULT_MAX_DEPTH,
            capture_event_name: false,
            max_call_bytes: None,
            registry: None,
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
    /// (default) or a warning.
    pub fn numeric_strings(mut self, severity: Severity) -> Self {
        self.numeric_strings = severity;
        self
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
        if let (Some(plan), Some(name)) = (&self.plan, cx.name.clone()) {
            if cx.track && !cx.stopped && plan.contains(&name) {
                if let Some(call) = call() {
                    for v in plan.check(&name, &call) {
                        let (path, kind) = (v.path().to_string(), v.kind().clone());
                        cx.emit_at(path, Profile::Lenient, Severity::Error, kind);
                    }
                }
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
    /// the built-in events alone.
    pub fn with_registry(mut self, registry: Registry) -> Self {
        self.registry = Some(Arc::new(registry));
        self
    }

    /// The events this validator recognises.
    pub fn registry(&self) -> &Registry {
        self.registry
            .as_deref()
            .unwrap_or_else(|| Registry::builtin())
    }

    fn check_size(&self, cx: &mut Cx<'_>, size: impl FnOnce() -> usize) {
        if let Some(limit) = self.max_call_bytes {
            let size = size();
            if size > limit {
                cx.emit(&walk::Path::Root, Profile::Lenient, Severity::Error, || {
                    Kind::TooLarge { size, limit }
                });
            }
        }
    }

    fn walk_value(&self, value: &Value, mode: Mode) -> Cx<'_> {
        let mut cx = Cx::new(self, mode);
        self.check_size(&mut cx, || compact_len(value));
        let known = match value.get("event") {
            Some(Value::String(name)) if !name.is_empty() => {
                Some(self.registry().resolve_with(name, self.dialect, false))
            }
            _ => Some(names::Resolution::Custom { near_miss: None }),
        };
        let envelope = Envelope::<NoDefer> {
            cx: &mut cx,
            known,
            _defer: std::marker::PhantomData,
        };
        // Errors here are only the walker's early stop: the value is already JSON.
        let _ = value.deserialize_any(envelope);
        self.apply_plan(&mut cx, || Some(value.clone()));
        cx
    }

    fn walk_slice<'v>(&'v self, bytes: &[u8], mode: Mode) -> Cx<'v> {
        // A UTF-8 byte-order mark is not JSON, but files often start with one.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut cx = Cx::new(self, mode);
        self.check_size(&mut cx, || bytes.len());
        let envelope = Envelope::<&RawValue> {
            cx: &mut cx,
            known: None,
            _defer: std::marker::PhantomData,
        };
        // Checking UTF-8 once, up front, spares the parser checking every string;
        // invalid UTF-8 goes through the slice reader, which says where it is.
        let result = if let Ok(text) = std::str::from_utf8(bytes) {
            let mut de = serde_json::Deserializer::from_str(text);
            envelope.deserialize(&mut de).and_then(|()| de.end())
        } else {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            envelope.deserialize(&mut de).and_then(|()| de.end())
        };
        if result.is_ok() {
            self.apply_plan(&mut cx, || serde_json::from_slice(bytes).ok());
        }
        if let Err(e) = result {
            if !cx.stopped {
                cx.violations.clear();
                cx.failed = true;
                cx.track = false;
                cx.event = None;
                cx.name = None;
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
        }
        cx
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
        // A failing fast answer is confirmed by the full walk, so that the tiers
        // agree even where a later field (such as `"type": "page"`) lifts checks.
        !self.walk_value(value, Mode::IsValid).failed || self.validate(value).is_valid()
    }

    /// The first error, in document order, if any.
    pub fn first_error(&self, value: &Value) -> Option<Violation> {
        if self.is_valid(value) {
            return None;
        }
        self.validate(value).errors().next().cloned()
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
        !self.walk_slice(bytes, Mode::IsValid).failed || self.validate_slice(bytes).is_valid()
    }

    /// The first error of a call given as JSON bytes, if any.
    pub fn first_error_slice(&self, bytes: &[u8]) -> Option<Violation> {
        if self.is_valid_slice(bytes) {
            return None;
        }
        self.validate_slice(bytes).errors().next().cloned()
    }
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
